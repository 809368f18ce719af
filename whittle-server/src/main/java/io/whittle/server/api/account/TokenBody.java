package io.whittle.server.api.account;

import io.whittle.platform.account.ApiToken;
import java.time.Instant;
import java.util.Optional;

/**
 * An API token without its secret: {@code prefix} ({@code wht_} and a few characters) is enough to recognise it;
 * {@code organization} is the slug of the organization it acts in; {@code active} is false once revoked or expired.
 */
public record TokenBody(String id, String name, String organization, String prefix, Instant createdAt,
                        Optional<Instant> expiresAt, Optional<Instant> lastUsedAt, Optional<Instant> revokedAt,
                        boolean active) {
    public static TokenBody of(ApiToken t, String organizationSlug, Instant now) {
        return new TokenBody(t.id().toString(), t.name(), organizationSlug, t.displayPrefix(), t.createdAt(),
                t.expiresAt(), t.lastUsedAt(), t.revokedAt(), t.activeAt(now));
    }
}
