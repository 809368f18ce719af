package io.whittle.platform.account;

import io.whittle.platform.org.OrganizationId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * What is known about an API token after it was shown once: everything but the secret, which is stored only as a
 * SHA-256 digest. The display prefix ({@code wht_} and the secret's next 8 characters) lets a user recognise a
 * token without revealing enough of it to use.
 */
public record ApiToken(UUID id, UserId user, OrganizationId organization, String name, String displayPrefix,
                       Instant createdAt, Optional<Instant> expiresAt, Optional<Instant> lastUsedAt,
                       Optional<Instant> revokedAt) {
    public ApiToken {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(displayPrefix, "displayPrefix");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }

    /** Whether the token would be accepted at {@code now} as far as the token itself goes (membership aside). */
    public boolean activeAt(Instant now) {
        return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
    }
}
