package io.whittle.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.connector.http.RestClient;
import io.whittle.connector.http.RestRequest;
import io.whittle.connector.http.RestResponse;
import io.whittle.oci.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The CLI's side of the server's REST API: JSON calls with the user's API token, the server's problem documents
 * turned into {@link RemoteProblem}s. Calls pass the same outbound address policy as every other connection the
 * CLI makes.
 */
public final class ServerApi implements AutoCloseable {
    private final URI base;
    private final String token;
    private final RestClient rest;

    public ServerApi(URI base, String token, RestClient rest) {
        this.base = normalize(base);
        this.token = Objects.requireNonNull(token, "token");
        this.rest = Objects.requireNonNull(rest, "rest");
    }

    /** The base URL without a trailing slash, which is how servers are remembered. */
    public static URI normalize(URI server) {
        String s = server.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        URI u = URI.create(s);
        if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                || u.getHost() == null) {
            throw new IllegalArgumentException("'" + server + "' is not a server URL: give it as https://host[:port]");
        }
        return u;
    }

    public URI base() {
        return base;
    }

    RestClient rest() {
        return rest;
    }

    public JsonNode get(String pathAndQuery) throws IOException {
        return call(RestRequest.of("GET", "call", "the Whittle server", uri(pathAndQuery)));
    }

    public JsonNode post(String path, JsonNode body) throws IOException {
        return call(RestRequest.of("POST", "call", "the Whittle server", uri(path))
                .json(Json.MAPPER.writeValueAsString(body)).noRetry());
    }

    public JsonNode patch(String path, JsonNode body) throws IOException {
        return call(RestRequest.of("PATCH", "call", "the Whittle server", uri(path))
                .json(Json.MAPPER.writeValueAsString(body)).noRetry());
    }

    /** A POST without a body (an action such as a test or a cancel). */
    public JsonNode post(String path) throws IOException {
        return call(RestRequest.of("POST", "call", "the Whittle server", uri(path)).noRetry());
    }

    /** The body's exact bytes and its media type, for answers that are not JSON documents (a raw manifest). */
    public Raw getRaw(String pathAndQuery) throws IOException {
        RestResponse r = rest.send(RestRequest.of("GET", "call", "the Whittle server", uri(pathAndQuery))
                .maxBody(RestRequest.LISTING_BODY).bearer(token).header("Accept", "*/*"));
        if (!r.ok()) {
            throw problem(r);
        }
        return new Raw(r.body(), r.header("Content-Type").orElse("application/octet-stream"));
    }

    /** Bytes as the server sent them, with their media type. */
    public record Raw(byte[] bytes, String mediaType) {
    }

    public void delete(String path) throws IOException {
        call(RestRequest.of("DELETE", "call", "the Whittle server", uri(path)).noRetry());
    }

    /** Encodes one path segment or query value. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private URI uri(String pathAndQuery) {
        return URI.create(base + pathAndQuery);
    }

    private JsonNode call(RestRequest request) throws IOException {
        RestResponse r = rest.send(request.bearer(token).header("Accept", "application/json"));
        if (r.ok()) {
            return r.body().length == 0 ? Json.MAPPER.createObjectNode() : r.jsonOrEmpty();
        }
        throw problem(r);
    }

    private RemoteProblem problem(RestResponse r) {
        JsonNode body = r.jsonOrEmpty();
        String detail = body.path("detail").asText("");
        if (detail.isBlank()) {
            detail = switch (r.status()) {
                case 401 -> "the server at " + base + " did not accept the token: run 'whittle login --server " + base
                        + "' again";
                case 404 -> "the server at " + base + " has no such resource (is it a Whittle server?)";
                default -> "the server at " + base + " answered HTTP " + r.status();
            };
        }
        return new RemoteProblem(r.status(), detail, body);
    }

    @Override
    public void close() throws IOException {
        rest.close();
    }

    public void closeQuietly() {
        try {
            rest.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }
}
