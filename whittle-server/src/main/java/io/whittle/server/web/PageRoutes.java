package io.whittle.server.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.whittle.oci.AccessException;
import io.whittle.platform.PlatformException;
import io.whittle.platform.account.AccountStore;
import io.whittle.platform.account.Memberships;
import io.whittle.platform.account.Sessions;
import io.whittle.platform.account.User;
import io.whittle.platform.connector.ConnectorNotFoundException;
import io.whittle.platform.connector.InvalidConnectorIdException;
import io.whittle.platform.db.DatabaseException;
import io.whittle.platform.org.Organization;
import io.whittle.platform.org.OrganizationStore;
import io.whittle.server.auth.Principal;
import io.whittle.server.auth.PrincipalAuthenticator;
import io.whittle.server.auth.SessionCookie;
import io.whittle.server.http.ApiProblem;
import io.whittle.server.http.RequestTracking;
import io.whittle.server.http.Routes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the web UI's routes and does what every page shares: the Content-Security-Policy (scripts and styles
 * from this server's files only, nothing inline, forms post only here), the session check (a page without a session
 * sends the browser to {@code /signin?next=…}; a form or htmx request must carry the session's CSRF token), and
 * failures as pages in plain words instead of problem documents. Another organization's connector is the same 404
 * page as one that never existed.
 */
final class PageRoutes {
    /** The hidden form field that carries the CSRF token (htmx sends it as the X-CSRF-Token header instead). */
    static final String CSRF_FIELD = "csrf";
    /**
     * Holds the session's CSRF token for the pages to embed in their forms: set at sign-in beside the session cookie,
     * HttpOnly (no script reads it) and checked against the session before use. A cookie alone proves nothing: what
     * counts is that a form sends the token back, which another site cannot read.
     */
    static final String CSRF_COOKIE = "whittle_csrf";

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static final Logger LOG = LoggerFactory.getLogger(PageRoutes.class);

    @FunctionalInterface
    interface PageHandler {
        void handle(Context ctx, Viewer viewer) throws Exception;
    }

    @FunctionalInterface
    interface OpenHandler {
        void handle(Context ctx) throws Exception;
    }

    private final Routes routes;
    private final PrincipalAuthenticator authenticator;
    private final Sessions sessions;
    private final AccountStore accounts;
    private final Memberships memberships;
    private final OrganizationStore organizations;
    private final SessionCookie cookie;
    private final Templates templates;

    PageRoutes(Routes routes, PrincipalAuthenticator authenticator, Sessions sessions, AccountStore accounts,
               Memberships memberships, OrganizationStore organizations, SessionCookie cookie, Templates templates) {
        this.routes = Objects.requireNonNull(routes, "routes");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.memberships = Objects.requireNonNull(memberships, "memberships");
        this.organizations = Objects.requireNonNull(organizations, "organizations");
        this.cookie = Objects.requireNonNull(cookie, "cookie");
        this.templates = Objects.requireNonNull(templates, "templates");
    }

    Templates templates() {
        return templates;
    }

    SessionCookie cookie() {
        return cookie;
    }

    /** A page anyone may open (the sign-in page). */
    void open(HandlerType method, String path, OpenHandler handler) {
        routes.page(method, path, ctx -> {
            secure(ctx);
            try {
                handler.handle(ctx);
            } catch (Exception e) {
                failure(ctx, Optional.empty(), e);
            }
        });
    }

    void get(String path, PageHandler handler) {
        guarded(HandlerType.GET, path, handler);
    }

    void post(String path, PageHandler handler) {
        guarded(HandlerType.POST, path, handler);
    }

    private void guarded(HandlerType method, String path, PageHandler handler) {
        routes.page(method, path, ctx -> {
            secure(ctx);
            Optional<Viewer> viewer;
            try {
                viewer = viewer(ctx);
            } catch (ApiProblem p) {
                if (p.status() == 401) {
                    cookie.clear(ctx);
                    toSignIn(ctx);
                } else {
                    error(ctx, Optional.empty(), p.status(), "This form has expired",
                            "The page you sent this from is out of date or came from another site: reload it and try"
                                    + " again.");
                }
                return;
            }
            if (viewer.isEmpty()) {
                toSignIn(ctx);
                return;
            }
            ctx.attribute(Routes.PRINCIPAL, viewer.get().principal());
            try {
                handler.handle(ctx, viewer.get());
            } catch (Exception e) {
                failure(ctx, viewer, e);
            }
        });
    }

    /** The signed-in viewer for a page that needs none (the 404 page): empty too when the session is refused. */
    Optional<Viewer> viewerIfAny(Context ctx) {
        try {
            return viewer(ctx);
        } catch (ApiProblem p) {
            return Optional.empty();
        }
    }

    /** The signed-in viewer, empty without a session (or without the pages' CSRF cookie, set at sign-in here). */
    private Optional<Viewer> viewer(Context ctx) {
        Optional<Principal> principal = authenticator.authenticatePage(ctx, () -> csrfGiven(ctx));
        if (principal.isEmpty()) {
            return Optional.empty();
        }
        Principal p = principal.get();
        String secret = ctx.attribute(PrincipalAuthenticator.SESSION_SECRET);
        String csrf = ctx.cookie(CSRF_COOKIE);
        if (secret == null || csrf == null || !sessions.csrfMatches(secret, csrf)) {
            return Optional.empty(); // signed in through the API only: sign in on the page to get the pages' token
        }
        User user = accounts.user(p.user()).orElseThrow(() -> ApiProblem.unauthorized("Your account is gone."));
        Organization org = organizations.get(p.organization()).orElseThrow(() -> ApiProblem.unauthorized(
                "Your organization is gone."));
        return Optional.of(new Viewer(p, user.displayName().isBlank() ? user.username() : user.displayName(), csrf,
                org, memberships.organizationsOf(user.id())));
    }

    private static String csrfGiven(Context ctx) {
        String header = ctx.header(SessionCookie.CSRF_HEADER);
        return header != null ? header : ctx.formParam(CSRF_FIELD);
    }

    /** Sends the browser to the sign-in page, which brings it back here afterwards. */
    static void toSignIn(Context ctx) {
        String back = ctx.method() == HandlerType.GET ? ctx.path() + (ctx.queryString() == null ? ""
                : "?" + ctx.queryString()) : "/registries";
        if (htmx(ctx)) {
            back = Optional.ofNullable(ctx.header("HX-Current-URL")).map(PageRoutes::localPart).orElse("/registries");
        }
        redirect(ctx, "/signin?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8));
    }

    /** A 303 to {@code location}; for an htmx request, the header that makes htmx load it as a whole page. */
    static void redirect(Context ctx, String location) {
        if (htmx(ctx)) {
            ctx.header("HX-Redirect", location);
            ctx.status(204);
            return;
        }
        ctx.header("Location", location);
        ctx.status(303);
    }

    static boolean htmx(Context ctx) {
        return "true".equals(ctx.header("HX-Request"));
    }

    /** {@code path} when it is a path of this server (never another site's URL), else the registries page. */
    static String localPath(String path) {
        if (path == null || !path.startsWith("/") || path.startsWith("//") || path.contains("\\")
                || path.chars().anyMatch(c -> c < 0x20)) {
            return "/registries";
        }
        return path;
    }

    private static String localPart(String url) {
        try {
            java.net.URI u = new java.net.URI(url);
            return localPath(u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
        } catch (java.net.URISyntaxException e) {
            return "/registries";
        }
    }

    /** A page about what went wrong, with {@code status}. */
    void error(Context ctx, Optional<Viewer> viewer, int status, String title, String message) {
        Page page = new Page(title, "", viewer, ctx.path());
        templates.respond(ctx, status, "error.jte", Map.of("page", page, "status", status, "message", message,
                "requestId", RequestTracking.requestId(ctx).orElse("")));
    }

    /** The 404 page for a connector that does not exist in the viewer's organization (or exists in another). */
    void notFound(Context ctx, Optional<Viewer> viewer) {
        error(ctx, viewer, 404, "Not found", "There is no such registry connector in this organization. It may have"
                + " been deleted, or it belongs to another organization: switch organization in the header, or go back"
                + " to My Registries.");
    }

    private void failure(Context ctx, Optional<Viewer> viewer, Exception e) {
        switch (e) {
            case ConnectorNotFoundException x -> notFound(ctx, viewer);
            case InvalidConnectorIdException x -> notFound(ctx, viewer);
            case ApiProblem p -> error(ctx, viewer, p.status(), p.title(), p.detail());
            case AccessException x -> registryFailure(ctx, viewer, x);
            case DatabaseException x -> {
                LOG.error("Database failure on {} {}", ctx.method().name(), ctx.path(), x);
                error(ctx, viewer, 503, "The database is not answering", "Try again shortly; if it persists, tell the"
                        + " server's operator the request id below.");
            }
            case PlatformException x -> error(ctx, viewer, 400, "That did not work", x.getMessage());
            default -> {
                LOG.error("Unexpected failure on {} {}", ctx.method().name(), ctx.path(), e);
                error(ctx, viewer, 500, "Something went wrong", "Something went wrong on the server: try again, and if"
                        + " it persists tell the server's operator the request id below.");
            }
        }
    }

    /** A registry call failed: what the registry lacks is 404, a refused credential is the connector's to fix. */
    private void registryFailure(Context ctx, Optional<Viewer> viewer, AccessException e) {
        switch (e.failure()) {
            case NOT_FOUND -> error(ctx, viewer, 404, "Not found", e.getMessage());
            case INVALID -> error(ctx, viewer, 400, "That did not work", e.getMessage());
            case UNAUTHORIZED, DENIED, BLOCKED -> error(ctx, viewer, 424, "The connector's credential or address"
                    + " does not work", e.getMessage() + " Edit the connector in My Registries to fix it, then test"
                    + " it.");
            default -> error(ctx, viewer, 502, "The registry did not answer as expected", e.getMessage());
        }
    }

    private static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
    }
}
