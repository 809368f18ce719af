package io.whittle.server.api.account;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.whittle.platform.account.AccountStore;
import io.whittle.platform.account.Memberships;
import io.whittle.platform.account.OpenedSession;
import io.whittle.platform.account.Role;
import io.whittle.platform.account.Sessions;
import io.whittle.platform.account.User;
import io.whittle.platform.org.Organization;
import io.whittle.platform.org.OrganizationStore;
import io.whittle.server.auth.Principal;
import io.whittle.server.auth.PrincipalAuthenticator;
import io.whittle.server.auth.SessionCookie;
import io.whittle.server.auth.SignInLimiter;
import io.whittle.server.http.Access;
import io.whittle.server.http.ApiProblem;
import io.whittle.server.http.ApiResource;
import io.whittle.server.http.Bodies;
import io.whittle.server.http.Routes;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Browser sessions: signing in with a username and password (failed attempts are limited per username and
 * address), signing out, and switching the organization the session works in.
 */
public final class SessionResource implements ApiResource {
    private static final String TAG = "Session";

    private final AccountStore accounts;
    private final Memberships memberships;
    private final OrganizationStore organizations;
    private final Sessions sessions;
    private final SessionCookie cookie;
    private final SignInLimiter limiter;
    private final Duration lifetime;
    private final AccountViews views;

    public SessionResource(AccountStore accounts, Memberships memberships, OrganizationStore organizations,
                           Sessions sessions, SessionCookie cookie, SignInLimiter limiter, Duration lifetime) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.memberships = Objects.requireNonNull(memberships, "memberships");
        this.organizations = Objects.requireNonNull(organizations, "organizations");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.cookie = Objects.requireNonNull(cookie, "cookie");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.views = new AccountViews(accounts, memberships, organizations);
    }

    @Override
    public void register(Routes routes) {
        routes.open(HandlerType.POST, "/api/v1/session", d -> d.tag(TAG).summary("Sign in")
                .description("Checks the username and password, sets the HttpOnly session cookie and returns the "
                        + "CSRF token that POST, PUT, PATCH and DELETE requests made with the cookie must send in the "
                        + "X-CSRF-Token header. After five failed attempts for a username from one address, further "
                        + "attempts are refused for fifteen minutes.")
                .body(SignInRequest.class).returns(SessionBody.class).problems(401, 429), this::signIn);
        routes.delete("/api/v1/session", Access.READ, d -> d.tag(TAG).summary("Sign out")
                .description("Ends the browser session and clears its cookie.").status(204), this::signOut);
        routes.put("/api/v1/session/organization", Access.READ, d -> d.tag(TAG)
                .summary("Switch the session's organization")
                .description("From now on the session acts in the organization with this slug, which must be one "
                        + "of the caller's. API tokens act in their own organization and cannot switch.")
                .body(SwitchOrganizationRequest.class).returns(MeBody.class), this::switchOrganization);
    }

    private void signIn(Context ctx) {
        SignInRequest req = Bodies.read(ctx, SignInRequest.class);
        String address = ctx.ip();
        limiter.check(req.username(), address);
        Optional<User> user = accounts.authenticate(req.username(), req.password().reveal().toCharArray());
        if (user.isEmpty()) {
            limiter.failed(req.username(), address);
            throw ApiProblem.unauthorized("The username or password is wrong: check both, or ask an administrator "
                    + "to reset your password.");
        }
        limiter.succeeded(req.username(), address);
        SessionCookie.read(ctx).ifPresent(sessions::close);
        User u = user.get();
        OpenedSession opened = sessions.open(u.id(), u.personalOrganization());
        cookie.set(ctx, opened.secret(), lifetime);
        Role role = memberships.role(u.personalOrganization(), u.id()).orElse(Role.OWNER);
        Principal principal = new Principal(u.id(), u.username(), u.personalOrganization(), role, u.admin(),
                Principal.AuthMethod.SESSION);
        ctx.attribute(Routes.PRINCIPAL, principal);
        ctx.json(new SessionBody(opened.csrfToken(), opened.session().expiresAt(), views.me(principal)));
    }

    private void signOut(Context ctx, Principal caller) {
        String secret = sessionSecret(ctx, caller, "An API token has no session to end: revoke the token under "
                + "API tokens instead.");
        sessions.close(secret);
        cookie.clear(ctx);
        ctx.status(204);
    }

    private void switchOrganization(Context ctx, Principal caller) {
        String secret = sessionSecret(ctx, caller, "An API token acts in its own organization only: create a "
                + "token for the other organization.");
        SwitchOrganizationRequest req = Bodies.read(ctx, SwitchOrganizationRequest.class);
        Organization org = organizations.bySlug(req.organization().strip())
                .filter(o -> memberships.role(o.id(), caller.user()).isPresent())
                .orElseThrow(() -> ApiProblem.notFound("You are not a member of an organization '"
                        + req.organization().strip() + "': GET /api/v1/organizations lists yours."));
        sessions.switchOrganization(secret, org.id());
        Role role = memberships.role(org.id(), caller.user()).orElseThrow();
        Principal now = caller.in(org.id(), role);
        ctx.attribute(Routes.PRINCIPAL, now);
        ctx.json(views.me(now));
    }

    private static String sessionSecret(Context ctx, Principal caller, String tokenMessage) {
        String secret = ctx.attribute(PrincipalAuthenticator.SESSION_SECRET);
        if (caller.method() != Principal.AuthMethod.SESSION || secret == null) {
            throw ApiProblem.badRequest(tokenMessage);
        }
        return secret;
    }
}
