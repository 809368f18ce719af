package io.whittle.connector.ecr;

import io.whittle.platform.secret.SecretValue;
import java.net.URI;
import java.util.Optional;

/** An ECR connector's values, parsed. Prints without secrets ({@link SecretValue} masks itself). */
record EcrSettings(String region, boolean role, Optional<String> roleArn, Optional<String> externalId,
                   Optional<String> accessKeyId, Optional<SecretValue> secretAccessKey,
                   Optional<SecretValue> sessionToken, Optional<String> registry, Optional<URI> apiUrl,
                   Optional<URI> stsUrl) {

    /** True when an endpoint is overridden: then the registry host need not be AWS's. */
    boolean customEndpoints() {
        return apiUrl.isPresent();
    }
}
