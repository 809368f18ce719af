package io.whittle.server.auth;

import io.whittle.platform.account.Role;
import io.whittle.platform.account.UserId;
import io.whittle.platform.org.OrganizationId;
import java.util.Objects;

/**
 * Who is calling and on behalf of which organization: resolved once per request from an API token (scoped to one
 * organization) or a browser session (its current organization). Every resource read filters by
 * {@link #organization()}; a resource of another organization is reported as not found.
 */
public record Principal(UserId user, String username, OrganizationId organization, Role role, boolean admin,
        AuthMethod method) {

    /** How the caller proved who they are; sessions need a CSRF token on unsafe methods, tokens do not. */
    public enum AuthMethod {
        TOKEN,
        SESSION
    }

    public Principal {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(method, "method");
    }

    /** The same caller acting in {@code other}, where their role is {@code roleThere}. */
    public Principal in(OrganizationId other, Role roleThere) {
        return new Principal(user, username, other, roleThere, admin, method);
    }
}
