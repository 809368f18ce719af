package io.whittle.testkit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.Json;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An answer an emulator handler gives: a status, headers, and a body held in memory or streamed.
 *
 * @param stream a streamed body and its length (-1 when unknown); when present {@code body} is ignored
 */
public record Reply(int status, List<Map.Entry<String, String>> headers, byte[] body, Optional<Streamed> stream) {

    public Reply {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status " + status + " is not an HTTP status");
        }
        headers = List.copyOf(headers);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(stream, "stream");
    }

    /** A body read from a stream as it is sent. */
    public record Streamed(InputStream in, long length) {
        public Streamed {
            Objects.requireNonNull(in, "in");
        }
    }

    public static Reply empty(int status) {
        return new Reply(status, List.of(), new byte[0], Optional.empty());
    }

    public static Reply json(int status, JsonNode body) {
        return new Reply(status, List.of(Map.entry("Content-Type", "application/json")), Json.bytes(body),
                Optional.empty());
    }

    public static Reply bytes(int status, String contentType, byte[] body) {
        return new Reply(status, List.of(Map.entry("Content-Type", contentType)), body, Optional.empty());
    }

    public static Reply text(int status, String contentType, String body) {
        return bytes(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    public static Reply streamed(int status, List<Map.Entry<String, String>> headers, InputStream in, long length) {
        return new Reply(status, headers, new byte[0], Optional.of(new Streamed(in, length)));
    }

    /** The same reply with one more header. */
    public Reply with(String name, String value) {
        List<Map.Entry<String, String>> h = new ArrayList<>(headers);
        h.add(Map.entry(name, value));
        return new Reply(status, h, body, stream);
    }

    /** The same reply with every header of that name replaced by one value. */
    public Reply replacing(String name, String value) {
        List<Map.Entry<String, String>> h = new ArrayList<>(headers);
        h.removeIf(e -> e.getKey().equalsIgnoreCase(name));
        h.add(Map.entry(name, value));
        return new Reply(status, h, body, stream);
    }

    /** The same reply with another status. */
    public Reply withStatus(int newStatus) {
        return new Reply(newStatus, headers, body, stream);
    }

    /** Closes a streamed body that will not be sent (the reply is being replaced). */
    public void discard() {
        stream.ifPresent(s -> {
            try {
                s.in().close();
            } catch (java.io.IOException e) {
                // nothing more to read anyway
            }
        });
    }

    public Optional<String> header(String name) {
        return headers.stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }
}
