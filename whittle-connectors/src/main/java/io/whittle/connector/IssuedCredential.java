package io.whittle.connector;

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

    /** True when it expires at or before {@code instant}. */
    public boolean expiresBefore(Instant instant) {
        return expiresAt.map(e -> !e.isAfter(instant)).orElse(false);
    }
}
