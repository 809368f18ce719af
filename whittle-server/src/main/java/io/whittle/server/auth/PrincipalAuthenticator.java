package io.whittle.server.auth;

import io.javalin.http.Context;
import io.whittle.platform.account.AccountStore;
import io.whittle.platform.account.ApiTokens;
import io.whittle.platform.account.Memberships;
import io.whittle.platform.account.Role;
import io.whittle.platform.account.Session;
import io.whittle.platform.account.Sessions;
import io.whittle.platform.account.TokenPrincipal;
import io.whittle.platform.account.User;
import io.whittle.server.http.ApiProblem;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Finds the caller of a request. An {@code Authorization} header wins: it must be {@code Bearer <API token>} and
 * the token live (not revoked, not expired, its user still a member of its organization), or the request is 401
 * even when it also carries a session cookie, so that a client never acts under an identity it did not send.
 * Otherwise the session cookie: a live session, and on POST, PUT, PATCH and DELETE the session's CSRF token in
 * {@value SessionCookie#CSRF_HEADER} (403 without it).
 */
public final class PrincipalAuthenticator implements Authenticator {
    /** The request attribute holding the session secret of a cookie-authenticated request. */
    public static final String SESSION_SECRET = "whittle.session-secret";
    /** The request attribute holding the id of the API token of a token-authenticated request. */
    public static final String TOKEN_ID = "whittle.token-id";

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private final ApiTokens tokens;
    private final Sessions sessions;
    private final AccountStore accounts;
    private final Memberships memberships;

    public PrincipalAuthenticator(ApiTokens tokens, Sessions sessions, AccountStore accounts, Memberships memberships) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.memberships = Objects.requireNonNull(memberships, "memberships");
    }

    @Override
    public Optional<Principal> authenticate(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null && !authorization.isBlank()) {
            return Optional.of(fromToken(ctx, authorization.strip()));
        }
        Optional<String> cookie = SessionCookie.read(ctx);
        if (cookie.isPresent()) {
            return Optional.of(fromSession(ctx, cookie.get()));
        }
        return Optional.empty();
    }

    private Principal fromToken(Context ctx, String authorization) {
        int space = authorization.indexOf(' ');
        if (space < 0 || !authorization.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            throw ApiProblem.unauthorized("Send an API token as 'Authorization: Bearer <token>'; "
                    + "other authorization schemes are not accepted.");
        }
        String secret = authorization.substring(space + 1).strip();
        TokenPrincipal p = tokens.verify(secret).orElseThrow(() -> ApiProblem.unauthorized(
                "The API token is wrong, revoked or expired, or its user left its organization: "
                        + "create a new token under API tokens."));
        ctx.attribute(TOKEN_ID, p.tokenId());
        return new Principal(p.user().id(), p.user().username(), p.organization(), p.role(), p.user().admin(),
                Principal.AuthMethod.TOKEN);
    }

    /**
     * The caller of a web page: the session cookie only (pages take no API tokens), with {@code csrfToken} (what the
     * page's form or htmx request sent) checked on unsafe methods. Empty without a session cookie; throws as
     * {@link #authenticate} does when the session ended (401) or the CSRF token is wrong (403).
     */
    public Optional<Principal> authenticatePage(Context ctx, Supplier<String> csrfToken) {
        Optional<String> cookie = SessionCookie.read(ctx);
        return cookie.map(secret -> fromSession(ctx, secret, csrfToken));
    }

    private Principal fromSession(Context ctx, String secret) {
        return fromSession(ctx, secret, () -> ctx.header(SessionCookie.CSRF_HEADER));
    }

    private Principal fromSession(Context ctx, String secret, Supplier<String> csrfToken) {
        Session session = sessions.find(secret).orElseThrow(() -> ApiProblem.unauthorized(
                "Your session has ended: sign in again."));
        if (!SAFE_METHODS.contains(ctx.method().name().toUpperCase(Locale.ROOT))
                && !sessions.csrfMatches(secret, csrfToken.get())) {
            throw ApiProblem.forbidden("This request needs the session's CSRF token in the "
                    + SessionCookie.CSRF_HEADER + " header: use the csrfToken returned when you signed in.");
        }
        User user = accounts.user(session.user()).orElseThrow(() -> ApiProblem.unauthorized(
                "Your account no longer exists: ask an administrator."));
        Role role = memberships.role(session.organization(), user.id()).orElseThrow(() -> ApiProblem.unauthorized(
                "Your session's organization is no longer yours: sign in again."));
        ctx.attribute(SESSION_SECRET, secret);
        return new Principal(user.id(), user.username(), session.organization(), role, user.admin(),
                Principal.AuthMethod.SESSION);
    }
}
