package io.whittle.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.whittle.connector.ConnectorCheckException;
import io.whittle.connector.InvalidFieldsException;
import io.whittle.oci.AccessException;
import io.whittle.platform.PlatformException;
import io.whittle.platform.account.AccountConflictException;
import io.whittle.platform.account.AccountException;
import io.whittle.platform.account.AccountNotFoundException;
import io.whittle.platform.account.InvalidAccountInputException;
import io.whittle.platform.account.InvalidSetupTokenException;
import io.whittle.platform.connector.BuiltInConnectorException;
import io.whittle.platform.connector.ConnectorConflictException;
import io.whittle.platform.connector.ConnectorNotFoundException;
import io.whittle.platform.connector.DuplicateConnectorNameException;
import io.whittle.platform.connector.InvalidConnectorIdException;
import io.whittle.platform.connector.SecretRequiredException;
import io.whittle.platform.db.DatabaseException;
import io.whittle.platform.job.JobNotFoundException;
import io.whittle.platform.org.DuplicateOrganizationException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every failure into an RFC 9457 problem document ({@code application/problem+json}) with the request path as
 * {@code instance} and the request id as {@code requestId}. The platform's and the connectors' exceptions carry
 * one sentence written for the caller, which becomes the {@code detail}; anything unexpected is a 500 whose detail
 * says only that, and whose exception goes to the log under the request id. The one exception: a browser asking
 * for an address outside {@code /api} that is no route gets the web UI's not-found page.
 */
public final class ExceptionMapping {
    /** Problem {@code type}s are this base plus the problem's slug. */
    public static final String TYPE_BASE = "urn:whittle:problem:";
    public static final String PROBLEM_JSON = "application/problem+json";

    private static final Logger LOG = LoggerFactory.getLogger(ExceptionMapping.class);

    private ExceptionMapping() {
    }

    /**
     * Answers an unmatched request in a way of its own (the web UI's HTML page for a browser), returning true, or
     * leaves it to the problem document, returning false.
     */
    @FunctionalInterface
    public interface NotFoundPage {
        boolean respond(Context ctx);
    }

    /** Registers the handlers, problem documents only. */
    public static void install(RoutesConfig routes) {
        install(routes, ctx -> false);
    }

    /** Registers the handlers: the most specific exception class wins; unmatched requests may get a page. */
    public static void install(RoutesConfig routes, NotFoundPage notFoundPage) {
        routes.exception(ApiProblem.class, (e, ctx) -> write(ctx, e));
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == 404 && notFoundPage.respond(ctx)) {
                return; // a browser asking for a page that is none: a page, not a problem document
            }
            write(ctx, fromJavalin(ctx, e));
        });
        routes.exception(InvalidFieldsException.class, (e, ctx) -> write(ctx, Bodies.invalid(e.problems().stream()
                .map(p -> new FieldError(p.field(), p.message())).toList())));
        routes.exception(ConnectorCheckException.class, (e, ctx) -> write(ctx, Bodies.invalid(List.of(
                new FieldError(e.field(), e.getMessage())))));
        routes.exception(AccessException.class, (e, ctx) -> write(ctx, fromRegistry(e)));
        routes.exception(PlatformException.class, (e, ctx) -> write(ctx, fromPlatform(ctx, e)));
        routes.exception(InvalidConnectorIdException.class, (e, ctx) -> write(ctx, ApiProblem.badRequest(e.getMessage())));
        routes.exception(JsonProcessingException.class, (e, ctx) -> write(ctx, ApiProblem.badRequest(
                "The request body is not valid JSON for this route: check it against the API document.")));
        routes.exception(IllegalArgumentException.class, (e, ctx) -> write(ctx, fromIllegalArgument(ctx, e)));
        routes.exception(Exception.class, (e, ctx) -> write(ctx, unexpected(ctx, e)));
    }

    /** Writes {@code problem} as the response. */
    public static void write(Context ctx, ApiProblem problem) {
        Map<String, Object> body = problem.body(TYPE_BASE, ctx.path());
        RequestTracking.requestId(ctx).ifPresent(id -> body.put("requestId", id));
        problem.headers().forEach(ctx::header);
        ctx.status(problem.status());
        ctx.contentType(PROBLEM_JSON);
        try {
            ctx.result(Json.mapper().writeValueAsBytes(body));
        } catch (Exception e) {
            ctx.result("{\"status\":" + problem.status() + "}");
        }
    }

    private static ApiProblem fromJavalin(Context ctx, HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> ApiProblem.notFound("There is no " + ctx.method().name() + " " + ctx.path()
                    + " route: the API document at /api/openapi.json lists them.");
            case 405 -> {
                TreeSet<String> allowed = new TreeSet<>();
                e.getDetails().values().forEach(v -> {
                    for (String m : v.split("[,\\s\\[\\]]+")) {
                        if (!m.isBlank()) {
                            allowed.add(m);
                        }
                    }
                });
                yield ApiProblem.methodNotAllowed(ctx.path() + " does not take " + ctx.method().name()
                        + (allowed.isEmpty() ? "" : ": use " + String.join(", ", allowed)) + ".",
                        String.join(", ", allowed));
            }
            case 413 -> new ApiProblem(413, "too-large", "Request too large",
                    "The request body is too large: send less at once.", Map.of());
            default -> e.getStatus() >= 500 ? unexpected(ctx, e)
                    : new ApiProblem(e.getStatus(), "http-" + e.getStatus(), "Request refused",
                            "The request was refused (" + e.getStatus() + "): check it against the API document.", Map.of());
        };
    }

    private static ApiProblem fromPlatform(Context ctx, PlatformException e) {
        String m = e.getMessage();
        return switch (e) {
            case InvalidSetupTokenException x -> new ApiProblem(403, "invalid-setup-token", "Invalid setup link", m, Map.of());
            case AccountNotFoundException x -> ApiProblem.notFound(m);
            case AccountConflictException x -> ApiProblem.conflict(m);
            case InvalidAccountInputException x -> Bodies.invalid(List.of(new FieldError(Optional.empty(), m)));
            case AccountException x -> ApiProblem.badRequest(m);
            case ConnectorNotFoundException x -> ApiProblem.notFound(m);
            case JobNotFoundException x -> ApiProblem.notFound(m);
            case DuplicateConnectorNameException x -> ApiProblem.conflict(m);
            case ConnectorConflictException x -> ApiProblem.conflict(m);
            case BuiltInConnectorException x -> ApiProblem.conflict(m);
            case DuplicateOrganizationException x -> ApiProblem.conflict(m);
            case SecretRequiredException x -> Bodies.invalid(x.fields().stream()
                    .map(f -> FieldError.of(f, "Enter '" + f + "' again: " + m)).toList());
            case DatabaseException x -> {
                LOG.error("Database failure on {} {} ({})", ctx.method().name(), ctx.path(), requestId(ctx), e);
                yield ApiProblem.unavailable("The database is not answering: try again shortly; "
                        + "if it persists, tell the server's operator the request id.", Map.of());
            }
            default -> ApiProblem.badRequest(m);
        };
    }

    /** A registry call failed; the caller's request was fine, so most kinds are the registry's (502) failure. */
    private static ApiProblem fromRegistry(AccessException e) {
        String m = e.getMessage();
        return switch (e.failure()) {
            case NOT_FOUND -> ApiProblem.notFound(m);
            case INVALID -> ApiProblem.badRequest(m);
            case UNSUPPORTED -> new ApiProblem(422, "unsupported", "Unsupported content", m, Map.of());
            case BLOCKED -> new ApiProblem(422, "blocked", "Destination not allowed", m, Map.of());
            case UNAUTHORIZED, DENIED -> new ApiProblem(502, "registry-refused", "The registry refused the credential",
                    m, Map.of());
            case RATE_LIMITED -> new ApiProblem(503, "registry-rate-limited", "The registry is rate limiting", m, Map.of());
            default -> ApiProblem.badGateway(m);
        };
    }

    /**
     * Domain values refuse malformed input with an {@link IllegalArgumentException} whose message is a sentence for
     * the caller; one raised deeper (a library's) is treated as unexpected.
     */
    private static ApiProblem fromIllegalArgument(Context ctx, IllegalArgumentException e) {
        StackTraceElement[] at = e.getStackTrace();
        boolean ours = at.length > 0 && at[0].getClassName().startsWith("io.whittle.");
        if (ours && e.getMessage() != null && !e.getMessage().isBlank()) {
            return ApiProblem.badRequest(e.getMessage());
        }
        return unexpected(ctx, e);
    }

    private static ApiProblem unexpected(Context ctx, Exception e) {
        LOG.error("Unexpected failure on {} {} ({})", ctx.method().name(), ctx.path(), requestId(ctx), e);
        return ApiProblem.internal("Something went wrong on the server: tell its operator the request id "
                + requestId(ctx) + ".");
    }

    private static String requestId(Context ctx) {
        return RequestTracking.requestId(ctx).orElse("unknown");
    }
}
