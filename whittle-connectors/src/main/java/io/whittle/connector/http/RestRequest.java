package io.whittle.connector.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One call to a provider's REST API: what it is for (operation and subject, for messages), method, URL,
 * headers, an optional body and the largest answer accepted. Prints without headers or body, which may hold
 * credentials.
 */
public final class RestRequest {
    /** Tokens and error bodies: 1 MiB. */
    public static final long SMALL_BODY = 1L << 20;
    /** Listing pages: 8 MiB. */
    public static final long LISTING_BODY = 8L << 20;

    final String operation;
    final String subject;
    final String method;
    final URI uri;
    final List<Map.Entry<String, String>> headers = new ArrayList<>();
    Optional<byte[]> body = Optional.empty();
    String contentType = "application/json";
    long maxBody = LISTING_BODY;
    boolean retry = true;

    private RestRequest(String operation, String subject, String method, URI uri) {
        this.operation = Objects.requireNonNull(operation, "operation");
        this.subject = Objects.requireNonNull(subject, "subject");
        this.method = Objects.requireNonNull(method, "method");
        this.uri = Objects.requireNonNull(uri, "uri");
    }

    public static RestRequest of(String method, String operation, String subject, URI uri) {
        return new RestRequest(operation, subject, method, uri);
    }

    public static RestRequest get(String operation, String subject, URI uri) {
        return of("GET", operation, subject, uri);
    }

    public RestRequest header(String name, String value) {
        headers.add(Map.entry(name, value));
        return this;
    }

    /** Adds {@code Authorization: Bearer <token>}. */
    public RestRequest bearer(String token) {
        return header("Authorization", "Bearer " + token);
    }

    public RestRequest body(byte[] bytes, String type) {
        this.body = Optional.of(bytes.clone());
        this.contentType = Objects.requireNonNull(type, "type");
        return this;
    }

    public RestRequest json(String json) {
        return body(json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    public RestRequest form(String urlEncoded) {
        return body(urlEncoded.getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
    }

    public RestRequest maxBody(long bytes) {
        this.maxBody = bytes;
        return this;
    }

    /** Never retried (a call that is not safe to repeat). */
    public RestRequest noRetry() {
        this.retry = false;
        return this;
    }

    public String operation() {
        return operation;
    }

    public String subject() {
        return subject;
    }

    public String method() {
        return method;
    }

    public URI uri() {
        return uri;
    }

    @Override
    public String toString() {
        return method + " " + uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
    }
}
