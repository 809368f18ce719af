package io.whittle.registry;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One exchange for {@link RegistryCaller}: what to send, which answers count as success, and how the caller may
 * treat it (authenticate, retry, follow redirects). Operations build these; the caller does the rest.
 */
final class Request {
    final String operation;
    final String subject;
    final String method;
    final URI uri;
    final Endpoint endpoint;
    final List<Scope> scopes = new ArrayList<>();
    final Map<String, String> headers = new LinkedHashMap<>();
    Body body;
    Set<Integer> ok = Set.of(200);
    /** The response body may be large and is streamed: the total deadline stops at the headers. */
    boolean streamResponse;
    /** False for requests whose repetition the operation handles itself (upload data). */
    boolean retry = true;
    boolean followRedirects = true;
    /** Never send credentials (foreign layer URLs). */
    boolean anonymous;
    /** An Authorization value for requests outside the registry's own auth (the token service). */
    Optional<String> authorization = Optional.empty();
    /** Read a successful answer's body (at most this many bytes) inside the retry loop; -1 to leave it open. */
    long bodyLimit = -1;
    String bodyWhat = "";
    /** Advice for the error message of a refused request, replacing the default for its status. */
    Optional<String> hint = Optional.empty();

    Request(String operation, String subject, String method, URI uri, Endpoint endpoint) {
        this.operation = Objects.requireNonNull(operation);
        this.subject = Objects.requireNonNull(subject);
        this.method = Objects.requireNonNull(method);
        this.uri = Objects.requireNonNull(uri);
        this.endpoint = endpoint;
    }

    static Request get(String operation, String subject, URI uri, Endpoint endpoint) {
        return new Request(operation, subject, "GET", uri, endpoint);
    }

    Request scope(Scope s) {
        scopes.add(s);
        return this;
    }

    Request header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    Request body(Body b) {
        this.body = b;
        return this;
    }

    Request ok(Integer... statuses) {
        this.ok = Set.of(statuses);
        return this;
    }

    /** Reads the body of a successful answer before handing it over, so that a broken body is retried too. */
    Request buffered(long limit, String what) {
        this.bodyLimit = limit;
        this.bodyWhat = what;
        return this;
    }

    Request streaming() {
        this.streamResponse = true;
        return this;
    }

    Request noRetry() {
        this.retry = false;
        return this;
    }

    Request noRedirects() {
        this.followRedirects = false;
        return this;
    }

    Request anonymous() {
        this.anonymous = true;
        return this;
    }

    boolean repeatable() {
        return body == null || body.repeatable();
    }
}
