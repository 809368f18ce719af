package io.whittle.connector;

import io.whittle.platform.secret.SecretValue;
import io.whittle.registry.auth.Credential;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A registry credential and, for exchanged ones (an ECR password), when it stops working. */
public record IssuedCredential(Credential credential, Optional<Instant> expiresAt) {
    public IssuedCredential {
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public static IssuedCredential lasting(Credential c) {
        return new IssuedCredential(c, Optional.empty());
    }

    /**
     * A user name and a stored secret as HTTP Basic, lasting as long as the secret. Surrounding white space is
     * dropped: it comes from pasting, and no provider's generated secret has any.
     */
    public static IssuedCredential basic(String username, SecretValue secret) {
        return lasting(new Credential.Basic(username, secret.reveal().strip()));
    }

    /** True when it expires at or before {@code instant}. */
    public boolean expiresBefore(Instant instant) {
        return expiresAt.map(e -> !e.isAfter(instant)).orElse(false);
    }
}
