package io.whittle.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request as a {@link FaultProxy} or {@link BlobHost} received it, for assertions such as "the blob host was
 * sent no Authorization header".
 *
 * @param query   the raw query string, empty when there is none
 * @param headers the request headers in the order received, names as sent
 * @param status  the status answered to the client
 * @param fault   a description of the fault applied, empty when the request passed through untouched
 */
public record RecordedRequest(Instant time, String method, String path, String query,
                              List<Map.Entry<String, String>> headers, int status, Optional<String> fault) {
    public RecordedRequest {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        headers = List.copyOf(headers);
        Objects.requireNonNull(fault, "fault");
    }

    /** The first value of a header, matched case-insensitively. */
    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst();
    }

    /** Every value of a header, matched case-insensitively. */
    public List<String> headerValues(String name) {
        return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
    }

    /** True when the request carried that header, matched case-insensitively. */
    public boolean hasHeader(String name) {
        return header(name).isPresent();
    }

    /** The path with the query, as the request line had it. */
    public String target() {
        return query.isEmpty() ? path : path + "?" + query;
    }

    @Override
    public String toString() {
        // Header values may hold credentials: show names only.
        return method + " " + target() + " -> " + status + fault.map(f -> " [" + f + "]").orElse("") + " headers="
                + headers.stream().map(Map.Entry::getKey).toList();
    }
}
