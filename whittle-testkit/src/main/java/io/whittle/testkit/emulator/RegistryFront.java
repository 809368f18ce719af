package io.whittle.testkit.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.oci.Json;
import io.whittle.testkit.TokenIssuer.Access;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The provider's registry host: a streaming reverse proxy to the real {@link RegistryBackend} on
 * {@code /v2/...}. A {@link Policy} swaps the provider's auth for the registry's (or leaves the client's bearer
 * token for the registry to check), answers what the provider answers differently (a 405 for DELETE, a 404 for
 * the catalog), and adjusts replies (rate-limit headers, 202 for a manifest PUT). Challenges name the
 * emulator's realm, never the backend's.
 */
public final class RegistryFront {
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection", "proxy-authorization",
            "authorization", "http2-settings");
    private static final Set<String> NOT_RETURNED = Set.of("connection", "content-length", "transfer-encoding",
            "keep-alive", "date");
    private static final Pattern REALM = Pattern.compile("(?i)(realm=)(\"[^\"]*\"|[^,\\s]*)");

    private final RegistryBackend backend;
    private final Policy policy;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    /** What a provider does differently from a plain token-auth registry. */
    public interface Policy {
        /** Answers a request itself instead of forwarding it; empty lets it through. */
        default Optional<Reply> intercept(Call call, RegistryCall request) throws IOException {
            return Optional.empty();
        }

        /** The {@code Authorization} sent to the registry; the client's own by default. */
        default Optional<String> upstreamAuthorization(Call call, RegistryCall request) {
            return call.header("Authorization");
        }

        /** The {@code WWW-Authenticate} to answer a 401 with, given the registry's own challenge. */
        String challenge(RegistryCall request, String registryChallenge);

        /** Changes the registry's reply before it goes to the client. */
        default Reply adjust(Call call, RegistryCall request, Reply reply) {
            return reply;
        }
    }

    public RegistryFront(RegistryBackend backend, Policy policy) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** Mounts the front on an endpoint under {@code /v2/}. */
    public RegistryFront mount(HttpEndpoint endpoint) {
        endpoint.on("*", "/v2(/.*)?", this::handle);
        return this;
    }

    /** Handles one {@code /v2/...} request. */
    public Reply handle(Call call) throws IOException {
        RegistryCall request = RegistryCall.of(call.method(), call.rawPath(), call);
        Optional<Reply> own = policy.intercept(call, request);
        if (own.isPresent()) {
            return own.get();
        }
        return policy.adjust(call, request, forward(call, request, policy.upstreamAuthorization(call, request)));
    }

    /** Forwards the request to the registry with this {@code Authorization}, streaming both bodies. */
    public Reply forward(Call call, RegistryCall request, Optional<String> authorization) throws IOException {
        String target = backend.registry().url() + call.rawPath()
                + (call.rawQuery().isEmpty() ? "" : "?" + call.rawQuery());
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofMinutes(5));
        for (Map.Entry<String, String> h : call.headers()) {
            if (!NOT_FORWARDED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                b.header(h.getKey(), h.getValue());
            }
        }
        authorization.ifPresent(a -> b.header("Authorization", a));
        // The registry builds upload URLs from these, so they point back at the front.
        b.header("X-Forwarded-Host", call.host());
        b.header("X-Forwarded-Proto", "http");
        long length = call.header("Content-Length").map(v -> Long.parseLong(v.trim())).orElse(-1L);
        boolean chunked = call.header("Transfer-Encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))
                .orElse(false);
        HttpRequest.BodyPublisher body;
        if (length > 0) {
            body = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(call::bodyStream),
                    length);
        } else if (chunked) {
            body = HttpRequest.BodyPublishers.ofInputStream(call::bodyStream);
        } else {
            body = HttpRequest.BodyPublishers.noBody();
        }
        b.method(call.method(), body);
        HttpResponse<InputStream> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while forwarding to the registry", e);
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        String registryBase = backend.registry().url();
        response.headers().map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (NOT_RETURNED.contains(lower) || lower.equals(":status")) {
                return;
            }
            for (String v : values) {
                if (lower.equals("location") && v.startsWith(registryBase)) {
                    v = "http://" + call.host() + v.substring(registryBase.length());
                } else if (lower.equals("www-authenticate")) {
                    v = policy.challenge(request, v);
                }
                headers.add(Map.entry(name, v));
            }
        });
        long responseLength = response.headers().firstValueAsLong("Content-Length").orElse(-1L);
        if (call.method().equals("HEAD") && responseLength >= 0) {
            headers.add(Map.entry("Content-Length", Long.toString(responseLength)));
        }
        return Reply.streamed(response.statusCode(), headers, response.body(), responseLength);
    }

    /** The client's bearer token, verified as the registry would verify it. */
    public Optional<RegistryBackend.VerifiedToken> token(Call call) {
        return call.bearer().flatMap(backend::verify);
    }

    /**
     * The client's bearer token when it carries every access in {@code needed}; otherwise the 401 the registry
     * would answer, with the challenge naming what is needed.
     */
    public Result<RegistryBackend.VerifiedToken> require(Call call, RegistryCall request, List<Access> needed) {
        Optional<RegistryBackend.VerifiedToken> token = token(call);
        boolean ok = token.isPresent() && needed.stream().allMatch(n -> n.actions().stream()
                .allMatch(a -> Scopes.carries(token.get().access(), n.type(), n.name(), a)));
        if (ok) {
            return Result.ok(token.get());
        }
        String scope = String.join(" ", needed.stream().map(Access::scope).toList());
        String challenge = "Bearer realm=\"" + backend.issuer().realm() + "\",service=\"" + backend.service() + "\""
                + (scope.isEmpty() ? "" : ",scope=\"" + scope + "\"");
        return Result.fail(distributionError(401, "UNAUTHORIZED", "authentication required")
                .with("WWW-Authenticate", policy.challenge(request, challenge)));
    }

    /** A distribution-style error body {@code {"errors":[{"code","message"}]}}. */
    public static Reply distributionError(int status, String code, String message) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        ArrayNode errors = n.putArray("errors");
        ObjectNode e = errors.addObject();
        e.put("code", code);
        e.put("message", message);
        e.putNull("detail");
        return Reply.json(status, n).with("Docker-Distribution-Api-Version", "registry/2.0");
    }

    /** A challenge with its realm replaced. */
    public static String withRealm(String challenge, String realm) {
        Matcher m = REALM.matcher(challenge);
        return m.find() ? challenge.substring(0, m.start()) + m.group(1) + "\"" + realm + "\""
                + challenge.substring(m.end()) : challenge;
    }

    /** A value, or the reply that explains why there is none. */
    public record Result<T>(Optional<T> value, Optional<Reply> failure) {
        public static <T> Result<T> ok(T value) {
            return new Result<>(Optional.of(value), Optional.empty());
        }

        public static <T> Result<T> fail(Reply reply) {
            return new Result<>(Optional.empty(), Optional.of(reply));
        }

        public boolean failed() {
            return failure.isPresent();
        }

        public T get() {
            return value.orElseThrow();
        }

        public Reply reply() {
            return failure.orElseThrow();
        }
    }
}
