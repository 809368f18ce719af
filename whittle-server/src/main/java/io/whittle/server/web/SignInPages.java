package io.whittle.server.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.whittle.platform.account.Memberships;
import io.whittle.platform.account.OpenedSession;
import io.whittle.platform.account.Sessions;
import io.whittle.platform.account.User;
import io.whittle.platform.org.Organization;
import io.whittle.platform.org.OrganizationStore;
import io.whittle.platform.account.AccountStore;
import io.whittle.server.auth.PrincipalAuthenticator;
import io.whittle.server.auth.SessionCookie;
import io.whittle.server.auth.SignInLimiter;
import io.whittle.server.http.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Signing in and out on the pages, and switching organization. The sign-in form has a CSRF token of its own before
 * there is a session (a random value in a short-lived cookie that the form must echo), so that another site cannot
 * sign a visitor in to an account of its choosing. Failed attempts count against the same limit as the API's.
 */
final class SignInPages {
    private static final String SIGNIN_COOKIE = "whittle_signin";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AccountStore accounts;
    private final Memberships memberships;
    private final OrganizationStore organizations;
    private final Sessions sessions;
    private final SignInLimiter limiter;
    private final Duration lifetime;

    SignInPages(AccountStore accounts, Memberships memberships, OrganizationStore organizations, Sessions sessions,
                SignInLimiter limiter, Duration lifetime) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.memberships = Objects.requireNonNull(memberships, "memberships");
        this.organizations = Objects.requireNonNull(organizations, "organizations");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
    }

    void register(PageRoutes pages) {
        pages.open(HandlerType.GET, "/", ctx -> PageRoutes.redirect(ctx, "/registries"));
        pages.open(HandlerType.GET, "/signin", ctx -> form(pages, ctx, 200, "", Optional.empty()));
        pages.open(HandlerType.POST, "/signin", ctx -> signIn(pages, ctx));
        pages.post("/signout", (ctx, viewer) -> {
            String secret = ctx.attribute(PrincipalAuthenticator.SESSION_SECRET);
            if (secret != null) {
                sessions.close(secret);
            }
            pages.cookie().clear(ctx);
            clearCookie(pages, ctx, PageRoutes.CSRF_COOKIE, "/");
            PageRoutes.redirect(ctx, "/signin?signedOut");
        });
        pages.post("/organization", (ctx, viewer) -> {
            String slug = Optional.ofNullable(ctx.formParam("organization")).orElse("").strip();
            Organization org = organizations.bySlug(slug)
                    .filter(o -> memberships.role(o.id(), viewer.principal().user()).isPresent())
                    .orElseThrow(() -> ApiProblem.notFound("You are not a member of an organization '" + slug
                            + "': pick one of yours in the header."));
            sessions.switchOrganization(ctx.attribute(PrincipalAuthenticator.SESSION_SECRET), org.id());
            // Pages of one organization's resources make no sense in another: go to its list of the same kind.
            String next = PageRoutes.localPath(ctx.formParam("next"));
            PageRoutes.redirect(ctx, next.startsWith("/registries/") || next.startsWith("/images/")
                    || next.startsWith("/explore/") ? "/registries" : next);
        });
    }

    private void form(PageRoutes pages, Context ctx, int status, String username, Optional<String> error) {
        String token = randomToken();
        ctx.res().addHeader("Set-Cookie", SIGNIN_COOKIE + "=" + token + "; Path=/signin; Max-Age=3600; HttpOnly;"
                + " SameSite=Strict" + (pages.cookie().secure() ? "; Secure" : ""));
        Map<String, Object> params = new HashMap<>();
        params.put("page", Page.anonymous("Sign in"));
        params.put("csrf", token);
        params.put("next", PageRoutes.localPath(ctx.queryParam("next") != null ? ctx.queryParam("next")
                : ctx.formParam("next")));
        params.put("username", username);
        params.put("error", error);
        params.put("signedOut", ctx.queryParam("signedOut") != null);
        pages.templates().respond(ctx, status, "signin.jte", params);
    }

    private void signIn(PageRoutes pages, Context ctx) {
        String username = Optional.ofNullable(ctx.formParam("username")).orElse("").strip();
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        String expected = ctx.cookie(SIGNIN_COOKIE);
        String given = ctx.formParam(PageRoutes.CSRF_FIELD);
        if (expected == null || given == null || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8))) {
            form(pages, ctx, 403, username, Optional.of("This sign-in form has expired: sign in again."));
            return;
        }
        if (username.isEmpty() || password.isEmpty()) {
            form(pages, ctx, 422, username, Optional.of("Enter your username and your password."));
            return;
        }
        String address = ctx.ip();
        try {
            limiter.check(username, address);
        } catch (ApiProblem p) {
            ctx.header("Retry-After", p.headers().getOrDefault("Retry-After", "60"));
            form(pages, ctx, 429, username, Optional.of(p.detail()));
            return;
        }
        Optional<User> user = accounts.authenticate(username, password.toCharArray());
        if (user.isEmpty()) {
            limiter.failed(username, address);
            form(pages, ctx, 401, username, Optional.of("The username or password is wrong: check both, or ask an"
                    + " administrator to reset your password."));
            return;
        }
        limiter.succeeded(username, address);
        SessionCookie.read(ctx).ifPresent(sessions::close);
        User u = user.get();
        OpenedSession opened = sessions.open(u.id(), u.personalOrganization());
        pages.cookie().set(ctx, opened.secret(), lifetime);
        ctx.res().addHeader("Set-Cookie", PageRoutes.CSRF_COOKIE + "=" + opened.csrfToken() + "; Path=/; Max-Age="
                + lifetime.toSeconds() + "; HttpOnly; SameSite=Lax" + (pages.cookie().secure() ? "; Secure" : ""));
        clearCookie(pages, ctx, SIGNIN_COOKIE, "/signin");
        PageRoutes.redirect(ctx, PageRoutes.localPath(ctx.formParam("next")));
    }

    private static void clearCookie(PageRoutes pages, Context ctx, String name, String path) {
        ctx.res().addHeader("Set-Cookie", name + "=; Path=" + path + "; Max-Age=0; HttpOnly; SameSite=Lax"
                + (pages.cookie().secure() ? "; Secure" : ""));
    }

    private static String randomToken() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
