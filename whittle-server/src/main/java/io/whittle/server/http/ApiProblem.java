package io.whittle.server.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A failure to report as an RFC 9457 problem document: the HTTP status, a short stable title, a one-sentence
 * {@code detail} that says what to do, and optional extension members (for example {@code errors} per form field).
 * Handlers throw it; the server's exception mapping writes it as {@code application/problem+json}.
 */
public final class ApiProblem extends RuntimeException {
    private final int status;
    private final String type;
    private final String title;
    private final Map<String, Object> extensions;
    private final Map<String, String> headers;

    public ApiProblem(int status, String type, String title, String detail, Map<String, Object> extensions) {
        this(status, type, title, detail, extensions, Map.of());
    }

    /** With response headers to send along ({@code Retry-After}, {@code Allow}). */
    public ApiProblem(int status, String type, String title, String detail, Map<String, Object> extensions,
                      Map<String, String> headers) {
        super(Objects.requireNonNull(detail, "detail"), null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem has a 4xx or 5xx status, not " + status);
        }
        this.status = status;
        this.type = Objects.requireNonNull(type, "type");
        this.title = Objects.requireNonNull(title, "title");
        this.extensions = Map.copyOf(extensions);
        this.headers = Map.copyOf(headers);
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "bad-request", "Bad request", detail, Map.of());
    }

    public static ApiProblem unauthorized(String detail) {
        return new ApiProblem(401, "unauthorized", "Authentication required", detail, Map.of());
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(403, "forbidden", "Not allowed", detail, Map.of());
    }

    /** Also what a caller gets for another organization's resource: its existence is not revealed. */
    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", "Not found", detail, Map.of());
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "conflict", "Conflict", detail, Map.of());
    }

    public static ApiProblem unprocessable(String detail, Map<String, Object> extensions) {
        return new ApiProblem(422, "invalid-fields", "Invalid fields", detail, extensions);
    }

    public static ApiProblem methodNotAllowed(String detail, String allow) {
        return new ApiProblem(405, "method-not-allowed", "Method not allowed", detail, Map.of(), Map.of("Allow", allow));
    }

    /** Too many attempts; {@code retryAfterSeconds} goes into the {@code Retry-After} header. */
    public static ApiProblem tooManyRequests(String detail, long retryAfterSeconds) {
        return new ApiProblem(429, "too-many-requests", "Too many requests", detail, Map.of(),
                Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
    }

    /** Something failed on the server's side; the details are in the server's log under the request id. */
    public static ApiProblem internal(String detail) {
        return new ApiProblem(500, "internal", "Internal server error", detail, Map.of());
    }

    public static ApiProblem unavailable(String detail, Map<String, Object> extensions) {
        return new ApiProblem(503, "unavailable", "Service unavailable", detail, extensions);
    }

    public static ApiProblem badGateway(String detail) {
        return new ApiProblem(502, "registry-failed", "The registry call failed", detail, Map.of());
    }

    public int status() {
        return status;
    }

    /** A short slug; the document's {@code type} is the server's problem base URI plus this slug. */
    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    /** Response headers to send with the problem. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The problem document's members in RFC 9457 order, extensions last. */
    public Map<String, Object> body(String typeBase, String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", typeBase + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail());
        body.put("instance", instance);
        body.putAll(extensions);
        return body;
    }
}
