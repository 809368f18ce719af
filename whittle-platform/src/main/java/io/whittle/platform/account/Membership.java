package io.whittle.platform.account;

import io.whittle.platform.org.Organization;
import java.util.Objects;

/** One organization a user belongs to, with the user's role there. */
public record Membership(Organization organization, Role role) {
    public Membership {
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(role, "role");
    }
}
