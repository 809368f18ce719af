package io.whittle.server.testing;

import io.whittle.server.auth.SessionCookie;
import io.whittle.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Calls a test server over real HTTP as one caller: anonymous, with an API token ({@code Authorization: Bearer}), or
 * with a browser session (the cookie, and the CSRF token on unsafe methods). Bodies are records, maps or lists,
 * written with the server's own JSON mapper; a {@link String} body is sent as it is (to send malformed JSON).
 * Immutable: the {@code with…} methods return a changed copy.
 */
public final class Client {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final Supplier<URI> base;
    private final Map<String, String> headers;
    private final Optional<String> csrfToken;

    Client(Supplier<URI> base, Map<String, String> headers, Optional<String> csrfToken) {
        this.base = base;
        this.headers = Map.copyOf(headers);
        this.csrfToken = csrfToken;
    }

    /** A client of the server at {@code base} (for servers not started by {@link TestServer}). */
    public static Client of(URI base) {
        return new Client(() -> base, Map.of(), Optional.empty());
    }

    public Client withToken(String token) {
        return withHeader("Authorization", "Bearer " + token);
    }

    /** The session with cookie secret {@code secret} and its CSRF token. */
    public Client withSession(String secret, String csrf) {
        return new Client(base, merge("Cookie", SessionCookie.NAME + "=" + secret), Optional.of(csrf));
    }

    public Client withHeader(String name, String value) {
        return new Client(base, merge(name, value), csrfToken);
    }

    /** The same session without sending its CSRF token. */
    public Client withoutCsrf() {
        return new Client(base, headers, Optional.empty());
    }

    /** The same session sending {@code csrf} as its CSRF token. */
    public Client withCsrf(String csrf) {
        return new Client(base, headers, Optional.of(csrf));
    }

    /** The CSRF token of this client's session, if it has one. */
    public Optional<String> csrfToken() {
        return csrfToken;
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    /** Any method; {@code body} may be null. */
    public Response send(String method, String path, Object body) {
        URI uri = base.get().resolve(path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        headers.forEach(b::header);
        boolean unsafe = !method.equals("GET") && !method.equals("HEAD");
        csrfToken.filter(t -> unsafe).ifPresent(t -> b.header(SessionCookie.CSRF_HEADER, t));
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(json(body)));
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(method, path, r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String json(Object body) {
        if (body instanceof String s) {
            return s;
        }
        try {
            return Json.mapper().writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, String> merge(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(headers);
        m.put(name, value);
        return m;
    }
}
