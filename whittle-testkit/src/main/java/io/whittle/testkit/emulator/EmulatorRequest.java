package io.whittle.testkit.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One request an emulator endpoint received, for assertions such as "the client sent a User-Agent" or "the
 * listing was fetched in three pages".
 *
 * @param endpoint the endpoint's role, such as {@code registry}, {@code api} or {@code auth}
 * @param query    the raw query string, empty when there is none
 * @param headers  the request headers as received
 * @param status   the status answered
 */
public record EmulatorRequest(String endpoint, Instant time, String method, String path, String query,
                              List<Map.Entry<String, String>> headers, int status) {
    public EmulatorRequest {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        headers = List.copyOf(headers);
    }

    /** The first value of a header, matched case-insensitively. */
    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    /** The path with the query, as the request line had it. */
    public String target() {
        return query.isEmpty() ? path : path + "?" + query;
    }

    @Override
    public String toString() {
        // Header values carry credentials: names only.
        return endpoint + ": " + method + " " + target() + " -> " + status + " headers="
                + headers.stream().map(Map.Entry::getKey).toList();
    }
}
