package io.whittle.platform.account;

import io.whittle.platform.org.OrganizationId;
import java.time.Instant;
import java.util.Objects;

/**
 * A signed-in browser. The id is a handle for listing and logging, not a credential: the cookie carries a separate
 * secret that is stored only as a digest.
 *
 * @param organization the organization the browser currently works in
 * @param expiresAt when the session ends unless used again: the sooner of the idle and the absolute expiry
 */
public record Session(String id, UserId user, OrganizationId organization, Instant createdAt, Instant expiresAt) {
    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
