package io.whittle.connector.azure;

import io.whittle.connector.CommonFields;
import io.whittle.connector.CredentialFields;
import io.whittle.connector.FixedHostConnection;
import io.whittle.connector.IssuedCredential;
import io.whittle.connector.ProviderContext;
import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import io.whittle.platform.secret.SecretValue;
import java.util.Optional;

final class AzureConnection extends FixedHostConnection {
    private final String username;
    private final SecretValue password;

    AzureConnection(ProviderContext context, String loginServer, String username, SecretValue password) {
        super(context, new CredentialFields(CommonFields.PASSWORD, "user name and password",
                AzureProvider.LOGIN_SERVER), loginServer);
        this.username = username;
        this.password = password;
    }

    @Override
    protected IssuedCredential issue() {
        return IssuedCredential.basic(username, password);
    }

    /** Only the admin user and the Owner role may read the catalog: other credentials still work. */
    @Override
    protected Optional<String> unlistable(AccessException e) {
        if (e.failure() != Failure.DENIED && e.failure() != Failure.UNAUTHORIZED) {
            return Optional.empty();
        }
        return Optional.of("These credentials may not list the registry's repositories (only the admin user and the"
                + " Owner role may): name repositories yourself.");
    }
}
