package io.whittle.platform.account;

import io.whittle.platform.org.OrganizationId;
import java.util.Objects;
import java.util.UUID;

/**
 * Who an API request acts as: the token's user, in the token's organization, with the role the user has there now
 * (not when the token was made, so a demotion takes effect at once).
 */
public record TokenPrincipal(User user, OrganizationId organization, Role role, UUID tokenId) {
    public TokenPrincipal {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(tokenId, "tokenId");
    }
}
