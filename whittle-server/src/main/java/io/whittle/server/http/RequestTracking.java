package io.whittle.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.whittle.server.auth.Principal;
import io.whittle.server.metrics.ServerMetrics;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What happens around every request: a request id (in the {@code X-Request-Id} response header, every problem
 * document and every log line written while the request runs), defensive response headers, and when it is done one
 * access-log line and one timer sample. The log line has the method, the route template (never the actual path
 * with its ids, the query string or any header), the status, the duration and who called.
 */
public final class RequestTracking {
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    static final String REQUEST_ID = "whittle.request-id";
    private static final String STARTED = "whittle.started-nanos";
    /** The route tag of requests that matched no route: one series for all of them. */
    public static final String UNMATCHED = "unmatched";

    private static final Logger ACCESS = LoggerFactory.getLogger("io.whittle.server.access");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ServerMetrics metrics;

    public RequestTracking(ServerMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** Registers the before-handler and the request logger. */
    public void install(JavalinConfig config) {
        config.routes.before(this::begin);
        config.requestLogger.http((ctx, ms) -> end(ctx));
    }

    /** The id of the request, once {@link #begin} ran. */
    public static Optional<String> requestId(Context ctx) {
        return Optional.ofNullable(ctx.attribute(REQUEST_ID));
    }

    private void begin(Context ctx) {
        MDC.clear();
        String id = newId();
        ctx.attribute(REQUEST_ID, id);
        ctx.attribute(STARTED, System.nanoTime());
        MDC.put("requestId", id);
        ctx.header(REQUEST_ID_HEADER, id);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
    }

    private void end(Context ctx) {
        try {
            Long started = ctx.attribute(STARTED);
            Duration took = Duration.ofNanos(started == null ? 0 : System.nanoTime() - started);
            String route = routeTemplate(ctx);
            String method = ctx.method().name();
            int status = ctx.statusCode();
            metrics.request(method, route, status, took);
            Principal caller = ctx.attribute(Routes.PRINCIPAL);
            if (caller != null) {
                MDC.put("userId", caller.user().toString());
                MDC.put("orgId", caller.organization().toString());
            }
            ACCESS.atInfo()
                    .addKeyValue("method", method)
                    .addKeyValue("route", route)
                    .addKeyValue("status", status)
                    .addKeyValue("durationMs", took.toMillis())
                    .log("{} {} {} {}ms", method, route, status, took.toMillis());
        } finally {
            MDC.clear();
        }
    }

    /** The template of the route that handled the request ({@code /api/v1/tokens/{id}}), or {@value #UNMATCHED}. */
    static String routeTemplate(Context ctx) {
        try {
            Endpoint e = ctx.endpoints().matchedHttpEndpoint();
            if (e != null) {
                return e.path;
            }
        } catch (RuntimeException e) {
            // no endpoint matched
        }
        return UNMATCHED;
    }

    private static String newId() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
