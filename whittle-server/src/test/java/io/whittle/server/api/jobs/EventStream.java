package io.whittle.server.api.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Reads a server-sent event stream over real HTTP to its end, as a browser's EventSource would receive it: the
 * {@code data} of each event named {@code job}, parsed, in order.
 */
final class EventStream {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private EventStream() {
    }

    /** Opens the stream; {@link Opened#events} waits for its end. */
    static Opened open(URI url, String token) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .GET().build();
        CompletableFuture<HttpResponse<Stream<String>>> response = HTTP.sendAsync(request,
                HttpResponse.BodyHandlers.ofLines());
        return new Opened(response);
    }

    /** A stream being received. */
    record Opened(CompletableFuture<HttpResponse<Stream<String>>> response) {
        /** The status and content type, once the head arrived. */
        HttpResponse<Stream<String>> head() throws Exception {
            return response.get(10, TimeUnit.SECONDS);
        }

        /** Every {@code job} event until the server closes the stream. */
        List<JsonNode> events(Duration timeout) throws Exception {
            HttpResponse<Stream<String>> r = head();
            CompletableFuture<List<JsonNode>> all = CompletableFuture.supplyAsync(() -> parse(r.body()));
            return all.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static List<JsonNode> parse(Stream<String> lines) {
        List<JsonNode> events = new ArrayList<>();
        String[] event = {null};
        StringBuilder data = new StringBuilder();
        lines.forEach(line -> {
            if (line.isEmpty()) {
                if ("job".equals(event[0]) && !data.isEmpty()) {
                    try {
                        events.add(Json.mapper().readTree(data.toString()));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                event[0] = null;
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                event[0] = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                data.append(line.substring(5).strip());
            }
        });
        return events;
    }
}
