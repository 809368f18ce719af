package io.whittle.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.whittle.server.auth.Authenticator;
import io.whittle.server.auth.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.MDC;

/**
 * Registers routes with Javalin and records each one's {@link ApiRoute} for the OpenAPI document, so a route
 * cannot exist undocumented. Protected routes authenticate the caller and check the route's {@link Access} before
 * the handler runs: no credentials is 401, a role too weak for the route is 403 (the caller can see the resource
 * but not change it), and a resource of another organization is the handler's 404.
 */
public final class Routes {
    /** The request attribute that holds the authenticated {@link Principal}, for logs and metrics. */
    public static final String PRINCIPAL = "whittle.principal";
    /** The media type of server-sent events. */
    public static final String EVENT_STREAM = "text/event-stream";

    private final RoutesConfig config;
    private final Authenticator authenticator;
    private final List<ApiRoute> routes = new ArrayList<>();
    private final List<String> pages = new ArrayList<>();

    public Routes(RoutesConfig config, Authenticator authenticator) {
        this.config = config;
        this.authenticator = authenticator;
    }

    /** A route anyone may call (health, sign-in, setup, the API document). */
    public void open(HandlerType method, String path, Consumer<ApiRoute.Doc> doc, Handler handler) {
        add(method, path, Access.PUBLIC, doc);
        config.addHttpHandler(method, path, handler);
    }

    public void get(String path, Access access, Consumer<ApiRoute.Doc> doc, RouteHandler handler) {
        route(HandlerType.GET, path, access, doc, handler);
    }

    public void post(String path, Access access, Consumer<ApiRoute.Doc> doc, RouteHandler handler) {
        route(HandlerType.POST, path, access, doc, handler);
    }

    public void put(String path, Access access, Consumer<ApiRoute.Doc> doc, RouteHandler handler) {
        route(HandlerType.PUT, path, access, doc, handler);
    }

    public void patch(String path, Access access, Consumer<ApiRoute.Doc> doc, RouteHandler handler) {
        route(HandlerType.PATCH, path, access, doc, handler);
    }

    public void delete(String path, Access access, Consumer<ApiRoute.Doc> doc, RouteHandler handler) {
        route(HandlerType.DELETE, path, access, doc, handler);
    }

    /** A protected route with any method; {@code access} is checked against the caller's current organization. */
    public void route(HandlerType method, String path, Access access, Consumer<ApiRoute.Doc> doc, RouteHandler handler) {
        requireProtected(access, path);
        add(method, path, access, doc);
        config.addHttpHandler(method, path, ctx -> handler.handle(ctx, require(ctx, access)));
    }

    /**
     * A protected route about the organization its path names: the caller is re-scoped to it by {@code scope}
     * (404 when they may not see it), then {@code access} is checked against their role there, and the handler
     * receives the re-scoped caller.
     */
    public void scoped(HandlerType method, String path, Access access, OrganizationScope scope,
                       Consumer<ApiRoute.Doc> doc, RouteHandler handler) {
        requireProtected(access, path);
        add(method, path, access, doc);
        config.addHttpHandler(method, path, ctx -> {
            Principal caller = authenticate(ctx);
            Principal there = scope.resolve(ctx, caller).orElseThrow(() -> ApiProblem.notFound(
                    "You are not a member of that organization, or it does not exist: "
                            + "GET /api/v1/organizations lists yours."));
            identify(ctx, there);
            check(there, access);
            handler.handle(ctx, there);
        });
    }

    /**
     * A protected GET route that streams server-sent events. {@code handler} runs first, as any route's handler does
     * (a problem it throws is answered as a problem, before anything is streamed), and returns what feeds the
     * stream, which then runs on Javalin's async pool until it closes the client. A request that does not accept
     * {@code text/event-stream} is 406.
     */
    public void events(String path, Access access, Consumer<ApiRoute.Doc> doc, EventSource handler) {
        route(HandlerType.GET, path, access, d -> {
            doc.accept(d);
            d.produces(EVENT_STREAM).problems(406);
        }, (ctx, caller) -> {
            String accept = ctx.header("Accept");
            if (accept == null || !accept.contains(EVENT_STREAM)) {
                throw new ApiProblem(406, "not-acceptable", "Not acceptable", "This route streams server-sent events:"
                        + " send 'Accept: " + EVENT_STREAM + "'.", Map.of());
            }
            new SseHandler(handler.open(ctx, caller)).handle(ctx);
        });
    }

    /** What a server-sent-events route streams, once its request passed the checks (see {@link #events}). */
    @FunctionalInterface
    public interface EventSource {
        Consumer<SseClient> open(Context ctx, Principal caller) throws Exception;
    }

    /**
     * A route of the web UI (a page, a form post, a partial, an asset): not part of the API and so not in its
     * document. Its handler authenticates for itself, since a page sends a browser to the sign-in page where the API
     * answers 401. Never under {@code /api}.
     */
    public void page(HandlerType method, String path, Handler handler) {
        if (path.equals("/api") || path.startsWith("/api/")) {
            throw new IllegalArgumentException("the page " + path + " is under /api, which is the API's");
        }
        String key = method.name().toUpperCase(Locale.ROOT) + " " + path;
        if (pages.contains(key)) {
            throw new IllegalArgumentException("page " + key + " is registered twice");
        }
        pages.add(key);
        config.addHttpHandler(method, path, handler);
    }

    /** The web UI's routes ({@code "GET /registries"}), which the API document leaves out. */
    public List<String> pages() {
        return Collections.unmodifiableList(pages);
    }

    /** Every route registered so far, in registration order. */
    public List<ApiRoute> routes() {
        return Collections.unmodifiableList(routes);
    }

    /** Authenticates the request and checks it against {@code access}; for handlers that are not plain routes. */
    public Principal require(Context ctx, Access access) {
        Principal caller = authenticate(ctx);
        check(caller, access);
        return caller;
    }

    private Principal authenticate(Context ctx) {
        Principal caller = authenticator.authenticate(ctx)
                .orElseThrow(() -> ApiProblem.unauthorized(
                        "Sign in, or send an API token as 'Authorization: Bearer <token>' (create one under API tokens)."));
        identify(ctx, caller);
        return caller;
    }

    /** Records who calls, for the access log, metrics and every log line the request writes. */
    private static void identify(Context ctx, Principal caller) {
        ctx.attribute(PRINCIPAL, caller);
        MDC.put("userId", caller.user().toString());
        MDC.put("orgId", caller.organization().toString());
    }

    /** Throws 403 unless {@code caller} may call a route of {@code access}. */
    public static void check(Principal caller, Access access) {
        boolean allowed = switch (access) {
            case PUBLIC, READ -> true;
            case WRITE -> caller.role().canWrite();
            case MANAGE -> caller.role().canManage();
            case ADMIN -> caller.admin();
        };
        if (!allowed) {
            throw ApiProblem.forbidden(switch (access) {
                case WRITE -> "Your role in this organization is viewer: ask an owner to make you a member to change it.";
                case MANAGE -> "Only an owner of this organization can do this: ask one of its owners.";
                default -> "Only a server administrator can do this: ask one to do it, or to make you one.";
            });
        }
    }

    private static void requireProtected(Access access, String path) {
        if (access == Access.PUBLIC) {
            throw new IllegalArgumentException("use open() for the public route " + path);
        }
    }

    private void add(HandlerType method, String path, Access access, Consumer<ApiRoute.Doc> doc) {
        ApiRoute.Doc d = new ApiRoute.Doc();
        doc.accept(d);
        String m = method.name().toUpperCase(Locale.ROOT);
        for (ApiRoute r : routes) {
            if (r.method().equals(m) && r.path().equals(path)) {
                throw new IllegalArgumentException("route " + m + " " + path + " is registered twice");
            }
        }
        routes.add(d.build(m, path, access));
    }
}
