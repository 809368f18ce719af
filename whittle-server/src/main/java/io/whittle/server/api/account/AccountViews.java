package io.whittle.server.api.account;

import io.whittle.platform.account.AccountStore;
import io.whittle.platform.account.Membership;
import io.whittle.platform.account.Memberships;
import io.whittle.platform.account.User;
import io.whittle.platform.org.Organization;
import io.whittle.platform.org.OrganizationStore;
import io.whittle.server.auth.Principal;
import io.whittle.server.http.ApiProblem;
import java.util.List;
import java.util.Objects;

/** Builds the caller's view of themselves and their organizations, shared by the session and "me" routes. */
final class AccountViews {
    private final AccountStore accounts;
    private final Memberships memberships;
    private final OrganizationStore organizations;

    AccountViews(AccountStore accounts, Memberships memberships, OrganizationStore organizations) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.memberships = Objects.requireNonNull(memberships, "memberships");
        this.organizations = Objects.requireNonNull(organizations, "organizations");
    }

    MeBody me(Principal caller) {
        User user = user(caller);
        Organization current = organizations.get(caller.organization()).orElseThrow(() -> ApiProblem.unauthorized(
                "Your organization no longer exists: sign in again."));
        return new MeBody(UserBody.of(user), OrganizationBody.of(current, caller.role(),
                current.id().equals(user.personalOrganization())), caller.role(), caller.method(),
                organizations(caller, user));
    }

    /** The organizations the caller may act in: all of the user's for a session, the token's own for a token. */
    List<OrganizationBody> organizations(Principal caller, User user) {
        return memberships.organizationsOf(user.id()).stream()
                .filter(m -> caller.method() == Principal.AuthMethod.SESSION
                        || m.organization().id().equals(caller.organization()))
                .map(m -> body(m, user))
                .toList();
    }

    static OrganizationBody body(Membership m, User user) {
        return OrganizationBody.of(m.organization(), m.role(), m.organization().id().equals(user.personalOrganization()));
    }

    User user(Principal caller) {
        return accounts.user(caller.user()).orElseThrow(() -> ApiProblem.unauthorized(
                "Your account no longer exists: ask an administrator."));
    }
}
