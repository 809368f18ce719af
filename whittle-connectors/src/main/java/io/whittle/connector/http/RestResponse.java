package io.whittle.connector.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import io.whittle.oci.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A provider API's answer, read whole (bounded by the request's limit). */
public record RestResponse(URI uri, int status, Map<String, List<String>> headers, byte[] body) {
    public RestResponse {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public boolean ok() {
        return status >= 200 && status < 300;
    }

    /** The first value of a header (names compared case-insensitively). */
    public Optional<String> header(String name) {
        return headers(name).stream().findFirst();
    }

    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON. */
    public JsonNode json(String operation, String subject) throws AccessException {
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            if (n == null) {
                throw new IOException("empty");
            }
            return n;
        } catch (IOException e) {
            throw new AccessException(Failure.UNSUPPORTED, operation, subject, operation + " " + subject + ": "
                    + uri.getHost() + " did not answer with JSON (HTTP " + status + "): check the API URL");
        }
    }

    /** The body as JSON, or an empty object when it is not JSON (error bodies). */
    public JsonNode jsonOrEmpty() {
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            return n == null ? Json.MAPPER.createObjectNode() : n;
        } catch (IOException e) {
            return Json.MAPPER.createObjectNode();
        }
    }

    /**
     * A short text of what the provider said in an error body ({@code message}, {@code detail},
     * {@code error_description}, …), at most 200 characters; empty when it said nothing readable.
     */
    public Optional<String> errorText() {
        JsonNode n = jsonOrEmpty();
        for (String field : List.of("message", "detail", "error_description", "error_message", "details", "error")) {
            JsonNode v = n.get(field);
            if (v != null && v.isTextual() && !v.asText().isBlank()) {
                return Optional.of(shorten(v.asText()));
            }
            if (v != null && v.isObject() && v.path("message").isTextual()) {
                return Optional.of(shorten(v.path("message").asText()));
            }
        }
        JsonNode errors = n.get("errors");
        if (errors != null && errors.isArray() && !errors.isEmpty()) {
            JsonNode first = errors.get(0);
            String m = first.isTextual() ? first.asText() : first.path("message").asText("");
            if (!m.isBlank()) {
                return Optional.of(shorten(m));
            }
        }
        return Optional.empty();
    }

    private static String shorten(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }
}
