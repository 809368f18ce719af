package io.whittle.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.util.Optional;

/** An HTTP answer in a test: status, headers and the body as text, with JSON helpers. */
public record Response(String method, String path, int status, HttpHeaders headers, String body) {

    /** The body as a JSON tree. */
    public JsonNode json() {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("The body of " + method + " " + path + " is not JSON: " + body, e);
        }
    }

    /** The body bound to {@code type} with the server's own mapper. */
    public <T> T as(Class<T> type) {
        try {
            return Json.mapper().readValue(body, type);
        } catch (IOException e) {
            throw new UncheckedIOException("The body of " + method + " " + path + " is not a " + type.getSimpleName()
                    + ": " + body, e);
        }
    }

    /** Fails the test unless the status is {@code expected}; the message shows the body. */
    public Response expect(int expected) {
        if (status != expected) {
            throw new AssertionError(method + " " + path + " answered " + status + ", expected " + expected + ": " + body);
        }
        return this;
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** The first value of {@code field} of a JSON object body, as text. */
    public String text(String field) {
        JsonNode n = json().get(field);
        if (n == null) {
            throw new AssertionError(method + " " + path + " has no '" + field + "': " + body);
        }
        return n.asText();
    }
}
