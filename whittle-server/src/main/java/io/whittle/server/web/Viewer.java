package io.whittle.server.web;

import io.whittle.platform.account.Membership;
import io.whittle.platform.org.Organization;
import io.whittle.server.auth.Principal;
import java.util.List;
import java.util.Objects;

/**
 * The signed-in person a page is rendered for: who they are, the organization they work in and the others they may
 * switch to, and the session's CSRF token that the page's forms and htmx requests send back.
 */
public record Viewer(Principal principal, String displayName, String csrf, Organization organization,
                     List<Membership> organizations) {
    public Viewer {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(csrf, "csrf");
        Objects.requireNonNull(organization, "organization");
        organizations = List.copyOf(organizations);
    }

    public String username() {
        return principal.username();
    }

    /** Owners and members change connectors and tokens; viewers only look. */
    public boolean canWrite() {
        return principal.role().canWrite();
    }

    public String role() {
        return principal.role().id();
    }

    /** The {@code hx-headers} value that makes htmx send the CSRF token. */
    public String htmxHeaders() {
        return "{\"X-CSRF-Token\": \"" + csrf + "\"}";
    }

    @Override
    public String toString() {
        return "Viewer[" + principal.username() + " in " + organization.slug() + "]";
    }
}
