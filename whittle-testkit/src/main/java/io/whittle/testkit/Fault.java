package io.whittle.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What a {@link FaultProxy} rule does to a matching request instead of passing it through untouched. */
public sealed interface Fault {

    /** A short description for {@link RecordedRequest#fault()}. */
    String describe();

    /** Answers with this status, headers and body without asking the registry. */
    record Respond(int status, Map<String, String> headers, byte[] body) implements Fault {
        public Respond {
            if (status < 200 || status > 599) {
                throw new IllegalArgumentException("status " + status + " is not a final HTTP status");
            }
            headers = Map.copyOf(headers);
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public String describe() {
            return "respond " + status;
        }
    }

    /** Sends the response head and {@code afterBytes} of the body, then closes the connection (RST if {@code reset}). */
    record CutBody(long afterBytes, boolean reset) implements Fault {
        public CutBody {
            if (afterBytes < 0) {
                throw new IllegalArgumentException("afterBytes must be >= 0");
            }
        }

        @Override
        public String describe() {
            return "cut after " + afterBytes + " bytes" + (reset ? " (reset)" : "");
        }
    }

    /** Sends {@code afterBytes} of the body, then pauses for {@code duration} before sending the rest. */
    record Stall(long afterBytes, Duration duration) implements Fault {
        public Stall {
            if (afterBytes < 0) {
                throw new IllegalArgumentException("afterBytes must be >= 0");
            }
            Objects.requireNonNull(duration, "duration");
        }

        @Override
        public String describe() {
            return "stall " + duration.toMillis() + " ms after " + afterBytes + " bytes";
        }
    }

    /** Waits {@code duration} before forwarding the request, so the response head comes late. */
    record Delay(Duration duration) implements Fault {
        public Delay {
            Objects.requireNonNull(duration, "duration");
        }

        @Override
        public String describe() {
            return "delay " + duration.toMillis() + " ms";
        }
    }

    /** Forwards the request and replaces the response body, keeping status and headers (Content-Length fixed). */
    record ReplaceBody(byte[] body) implements Fault {
        public ReplaceBody {
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }

        @Override
        public String describe() {
            return "replace body (" + body.length + " bytes)";
        }
    }

    /** Forwards the request and sets (or, with an empty value, removes) a response header. */
    record SetHeader(String name, Optional<String> value) implements Fault {
        public SetHeader {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String describe() {
            return value.map(v -> "set header " + name).orElse("remove header " + name);
        }
    }

    /**
     * Answers with a redirect to {@code location}; with {@code preservePath} the request's path and query are
     * appended to it (a base URL).
     */
    record Redirect(int status, String location, boolean preservePath) implements Fault {
        public Redirect {
            if (status < 300 || status > 399) {
                throw new IllegalArgumentException("status " + status + " is not a redirect");
            }
            Objects.requireNonNull(location, "location");
        }

        @Override
        public String describe() {
            return "redirect " + status + " to " + location + (preservePath ? " + path" : "");
        }
    }

    /** Forwards the request and replaces the {@code realm} of every {@code WWW-Authenticate} challenge. */
    record RewriteRealm(String realm) implements Fault {
        public RewriteRealm {
            Objects.requireNonNull(realm, "realm");
        }

        @Override
        public String describe() {
            return "rewrite realm to " + realm;
        }
    }

    // ---- factories -----------------------------------------------------------------------------------------

    /** A status such as 500, 502 or 503 with an OCI error body. */
    static Fault status(int status) {
        String code = status == 429 ? "TOOMANYREQUESTS" : status >= 500 ? "UNAVAILABLE" : "UNKNOWN";
        return new Respond(status, Map.of("Content-Type", "application/json"), errorBody(code,
                "injected by FaultProxy"));
    }

    /** 429 with {@code Retry-After} in seconds. */
    static Fault tooManyRequests(Duration retryAfter) {
        return tooManyRequests(Long.toString(Math.max(0, retryAfter.toSeconds())));
    }

    /** 429 with {@code Retry-After} as an HTTP-date. */
    static Fault tooManyRequestsUntil(Instant when) {
        return tooManyRequests(DateTimeFormatter.RFC_1123_DATE_TIME.format(when.atZone(ZoneOffset.UTC)));
    }

    /** 429 with this exact {@code Retry-After} value (or none when empty). */
    static Fault tooManyRequests(String retryAfter) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (!retryAfter.isEmpty()) {
            headers.put("Retry-After", retryAfter);
        }
        return new Respond(429, headers, errorBody("TOOMANYREQUESTS", "too many requests (injected by FaultProxy)"));
    }

    /** Sends the head and {@code bytes} of the body, then closes the connection (FIN). */
    static Fault cutBodyAfter(long bytes) {
        return new CutBody(bytes, false);
    }

    /** Like {@link #cutBodyAfter} but the connection is reset (RST) rather than closed. */
    static Fault resetBodyAfter(long bytes) {
        return new CutBody(bytes, true);
    }

    /** Sends {@code bytes} of the body, pauses for {@code stall}, then sends the rest. */
    static Fault stallBodyAfter(long bytes, Duration stall) {
        return new Stall(bytes, stall);
    }

    /** Waits before forwarding, so the response head arrives late (for timeout tests). */
    static Fault delay(Duration duration) {
        return new Delay(duration);
    }

    /** Forwards, then answers with these bytes as the body (say, an oversized or tampered manifest). */
    static Fault replaceBody(byte[] body) {
        return new ReplaceBody(body);
    }

    /** Forwards, then answers with this UTF-8 text as the body. */
    static Fault replaceBody(String body) {
        return new ReplaceBody(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Forwards, then sets a response header (say, a wrong {@code Docker-Content-Digest}). */
    static Fault setHeader(String name, String value) {
        return new SetHeader(name, Optional.of(value));
    }

    /** Forwards, then removes a response header. */
    static Fault removeHeader(String name) {
        return new SetHeader(name, Optional.empty());
    }

    /** 307 to exactly this URL, e.g. {@code http://169.254.169.254/latest/meta-data/}. */
    static Fault redirect(String url) {
        return new Redirect(307, url, false);
    }

    /** 307 to {@code baseUrl} + the request's path and query, e.g. to a {@link BlobHost} on another address. */
    static Fault redirectPreservingPath(String baseUrl) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return new Redirect(307, base, true);
    }

    /** Forwards, then points every {@code WWW-Authenticate} realm at {@code realm}. */
    static Fault rewriteRealm(String realm) {
        return new RewriteRealm(realm);
    }

    private static byte[] errorBody(String code, String message) {
        return ("{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
