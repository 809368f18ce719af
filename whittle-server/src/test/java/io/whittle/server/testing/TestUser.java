package io.whittle.server.testing;

import io.whittle.platform.account.User;
import io.whittle.platform.org.OrganizationId;

/** A user a test created, with the password it was given (each one unique, so it can serve as a canary). */
public record TestUser(User user, String password) {
    public String username() {
        return user.username();
    }

    public OrganizationId personalOrganization() {
        return user.personalOrganization();
    }

    @Override
    public String toString() {
        return "TestUser[" + user.username() + "]";
    }
}
