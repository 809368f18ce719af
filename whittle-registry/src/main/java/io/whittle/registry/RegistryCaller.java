package io.whittle.registry;

import io.whittle.oci.AccessException;
import io.whittle.oci.DigestMismatchException;
import io.whittle.oci.Failure;
import io.whittle.registry.auth.Challenge;
import io.whittle.registry.auth.Credential;
import io.whittle.registry.auth.Keychain;
import io.whittle.registry.net.AddressClass;
import io.whittle.registry.net.BlockedDestinationException;
import io.whittle.registry.net.OutboundPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that talks HTTP to registries, as Jib's endpoint caller does: it adds the credentials a request
 * needs (Basic, or a bearer token for the request's scopes, refreshed once on 401), follows redirects by hand
 * (credentials only ever go to the registry's own origin; every hop passes the outbound policy), retries 429,
 * 5xx and broken connections with backoff, enforces the timeouts, and turns error answers into
 * {@link RegistryException}s. Operations describe a {@link Request} and read the {@link Response}.
 */
final class RegistryCaller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryCaller.class);
    private static final int MAX_REDIRECTS = 10;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    private final CloseableHttpClient http;
    private final OutboundPolicy policy;
    private final RetryPolicy retries;
    private final Timeouts timeouts;
    private final Keychain keychain;
    private final Set<String> insecure;
    private final Watchdog watchdog = new Watchdog();
    private final TokenService tokens;
    private final ConcurrentHashMap<String, EndpointSlot> endpoints = new ConcurrentHashMap<>();

    RegistryCaller(CloseableHttpClient http, OutboundPolicy policy, RetryPolicy retries, Timeouts timeouts,
                   Keychain keychain, Set<String> insecure, RealmTrust realms) {
        this.http = http;
        this.policy = policy;
        this.retries = retries;
        this.timeouts = timeouts;
        this.keychain = keychain;
        this.insecure = Set.copyOf(insecure);
        this.tokens = new TokenService(this, realms);
    }

    OutboundPolicy policy() {
        return policy;
    }

    RetryPolicy retries() {
        return retries;
    }

    TokenService tokens() {
        return tokens;
    }

    /** The registry's endpoint, discovered on first use with {@code GET /v2/}. */
    Endpoint endpoint(String registry) throws IOException {
        return endpoints.computeIfAbsent(registry, EndpointSlot::new).get();
    }

    /**
     * As {@link #endpoint(String)}, reporting a failure to reach the registry as a failure of {@code operation} on
     * {@code subject}, which is what the user asked for.
     */
    Endpoint endpoint(String registry, String operation, String subject) throws IOException {
        try {
            return endpoint(registry);
        } catch (AccessException e) {
            throw reword(e, "ping " + registry + ": ", operation, subject);
        }
    }

    private static AccessException reword(AccessException e, String oldPrefix, String operation, String subject) {
        String m = String.valueOf(e.getMessage());
        String rest = m.startsWith(oldPrefix) ? m.substring(oldPrefix.length()) : m;
        String message = operation + " " + subject + ": " + rest;
        if (e instanceof RegistryException r) {
            return new RegistryException(r.failure(), r.status(), r.details(), operation, subject, message,
                    r.retryable());
        }
        return new AccessException(e.failure(), operation, subject, message, e.retryable(),
                e.getCause() == null ? e : e.getCause());
    }

    /** Forgets what was learnt about a registry, so that the next use pings it again. */
    void forget(String registry) {
        endpoints.remove(registry);
    }

    private final class EndpointSlot {
        private final String registry;
        private Endpoint endpoint;

        EndpointSlot(String registry) {
            this.registry = registry;
        }

        synchronized Endpoint get() throws IOException {
            if (endpoint == null) {
                endpoint = discover(registry);
            }
            return endpoint;
        }
    }

    private Endpoint discover(String registry) throws IOException {
        String apiHost = registry.equals("docker.io") ? "registry-1.docker.io" : registry;
        boolean http = isLoopback(apiHost) || insecure.contains(registry) || insecure.contains(apiHost)
                || insecure.contains(RealmTrust.host(apiHost));
        Endpoint ep = new Endpoint(registry, apiHost, http, keychain);
        PingResult first = ping(ep);
        if (first.tlsOnly && http) {
            // A loopback or insecure registry that speaks only TLS: use https after all.
            ep = ep.withScheme(false);
            first = ping(ep);
        }
        ep.challenges(first.challenges);
        return ep;
    }

    private record PingResult(List<Challenge> challenges, boolean tlsOnly) {
    }

    private PingResult ping(Endpoint ep) throws IOException {
        Request r = Request.get("ping", ep.registry, ep.base.resolve("/v2/"), null).ok(200, 401, 400, 404)
                .noRedirects();
        try (Response resp = send(r)) {
            int s = resp.status();
            if (s == 200) {
                return new PingResult(List.of(), false);
            }
            if (s == 401) {
                List<Challenge> ch = Challenge.parseAll(resp.headers("WWW-Authenticate"));
                if (ch.isEmpty()) {
                    ch = List.of(new Challenge("Basic", java.util.Map.of(), Optional.empty()));
                }
                return new PingResult(ch, false);
            }
            String body = new String(resp.readSome(4096), StandardCharsets.UTF_8);
            if (s == 400 && body.toLowerCase(Locale.ROOT).contains("https")) {
                return new PingResult(List.of(), true);
            }
            throw new RegistryException(Failure.UNSUPPORTED, s, List.of(), "ping", ep.registry, "ping " + ep.registry
                    + ": " + ep.base + "/v2/ answered HTTP " + s + ", so it is not an OCI registry: check the"
                    + " registry host and port", false);
        }
    }

    static boolean isLoopback(String hostPort) {
        String h = RealmTrust.host(hostPort);
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (AddressClass.isLiteral(h)) {
            try {
                return InetAddress.getByName(h).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /**
     * Sends {@code req} and answers the response when its status is one of {@code req.ok}; the caller closes it.
     *
     * @throws RegistryException for any other status, once retries and re-authentication are spent
     * @throws AccessException   for blocked destinations, timeouts and network failures
     */
    Response send(Request req) throws IOException {
        List<Scope> scopes = new ArrayList<>(req.scopes);
        int attempt = 0;
        boolean reauthenticated = false;
        while (true) {
            attempt++;
            Attempt a = new Attempt();
            Response resp;
            try {
                resp = exchange(req, scopes, a);
            } catch (AccessException e) {
                if (e.failure() == Failure.UNAUTHORIZED && req.endpoint != null && !req.anonymous && !reauthenticated
                        && req.repeatable() && a.tokenRefused) {
                    // The token service refused the credential: the keychain may hold a newer one by now.
                    reauthenticated = true;
                    req.endpoint.forgetCredential();
                    attempt--;
                    continue;
                }
                throw e;
            } catch (IOException e) {
                AccessException failure = networkFailure(req, a, e);
                if (failure.retryable() && mayRetry(req, attempt)) {
                    LOG.debug("{} {}: {}; retrying", req.operation, req.subject, e.toString());
                    pause(retries.backoff(attempt));
                    continue;
                }
                throw failure;
            }
            int s = resp.status();
            if (req.ok.contains(s)) {
                if (req.bodyLimit < 0 || req.method.equals("HEAD")) {
                    return resp;
                }
                try {
                    resp.buffer(req.bodyLimit, req.bodyWhat);
                    resp.close();
                    return resp;
                } catch (AccessException e) {
                    resp.abort();
                    throw e;
                } catch (IOException e) {
                    resp.abort();
                    AccessException failure = networkFailure(req, a, e);
                    if (failure.retryable() && mayRetry(req, attempt)) {
                        LOG.debug("{} {}: body broke off ({}); retrying", req.operation, req.subject, e.toString());
                        pause(retries.backoff(attempt));
                        continue;
                    }
                    throw failure;
                }
            }
            if (s == 401 && req.endpoint != null && !req.anonymous && !reauthenticated
                    && req.endpoint.sameOrigin(resp.uri())) {
                reauthenticated = true;
                if (a.token != null) {
                    tokens.invalidate(req.endpoint, scopes, a.token);
                }
                req.endpoint.forgetCredential();
                List<Challenge> ch = Challenge.parseAll(resp.headers("WWW-Authenticate"));
                if (!ch.isEmpty()) {
                    req.endpoint.challenges(ch);
                }
                for (Challenge c : ch) {
                    c.param("scope").ifPresent(all -> {
                        for (String one : all.trim().split("\\s+")) {
                            Scope extra = Scope.parse(one);
                            if (!one.isEmpty() && !scopes.contains(extra)) {
                                scopes.addFirst(extra);
                            }
                        }
                    });
                }
                if (canAuthenticate(req.endpoint) && req.repeatable()) {
                    resp.close();
                    attempt--;
                    continue;
                }
            }
            if (s == 403 && req.endpoint != null && !req.anonymous && !reauthenticated && req.repeatable()
                    && req.endpoint.sameOrigin(resp.uri()) && saysCredentialExpired(resp.peek(ErrorBody.MAX))) {
                // ECR answers an expired registry password with 403, not 401: ask the keychain for a fresh one.
                reauthenticated = true;
                if (a.token != null) {
                    tokens.invalidate(req.endpoint, scopes, a.token);
                }
                req.endpoint.forgetCredential();
                resp.close();
                attempt--;
                continue;
            }
            if (retryableStatus(s) && mayRetry(req, attempt)) {
                Duration wait = retries.backoff(attempt);
                if (s == 429 || s == 503) {
                    wait = RetryAfter.parse(resp.header("Retry-After").orElse(null), Instant.now(),
                            retries.maxRetryAfter()).orElse(wait);
                }
                LOG.debug("{} {}: HTTP {}; retrying in {} ms", req.operation, req.subject, s, wait.toMillis());
                resp.close();
                pause(wait);
                continue;
            }
            throw errorOf(req, resp);
        }
    }

    private boolean mayRetry(Request req, int attempt) {
        return req.retry && req.repeatable() && attempt < retries.maxAttempts();
    }

    static boolean retryableStatus(int s) {
        return s == 429 || (s >= 500 && s != 501 && s != 505);
    }

    private boolean canAuthenticate(Endpoint ep) throws IOException {
        if (ep.bearer().isPresent()) {
            return true;
        }
        Credential c = ep.credential();
        return ep.basic().isPresent() && (c instanceof Credential.Basic || c instanceof Credential.RegistryToken);
    }

    /** What one attempt used, for invalidating a refused token and explaining a timeout. */
    private static final class Attempt {
        String token;
        /** The token service refused the endpoint's credential while this attempt asked it for a token. */
        boolean tokenRefused;
        Watchdog.Handle watch = Watchdog.NONE;
        URI uri;
    }

    private Response exchange(Request req, List<Scope> scopes, Attempt a) throws IOException {
        URI uri = req.uri;
        String method = req.method;
        for (int hop = 0; ; hop++) {
            a.uri = uri;
            try {
                policy.checkUrl(uri);
            } catch (AccessException e) {
                throw new AccessException(Failure.BLOCKED, req.operation, req.subject, req.operation + " "
                        + req.subject + ": " + e.getMessage(), false, e);
            }
            HttpUriRequestBase hr = new HttpUriRequestBase(method, uri);
            req.headers.forEach(hr::setHeader);
            Optional<String> auth = authorization(req, uri, scopes, a);
            auth.ifPresent(v -> hr.setHeader("Authorization", v));
            boolean streamingBody = req.body instanceof Body.Stream;
            if (req.body != null && !method.equals("GET") && !method.equals("HEAD")) {
                hr.setEntity(req.body.entity());
            }
            Watchdog.Handle watch = streamingBody
                    ? watchdog.stall(hr, req.body::progress, timeouts.read())
                    : watchdog.deadline(hr, timeouts.total());
            a.watch = watch;
            ClassicHttpResponse raw;
            try {
                raw = http.executeOpen(null, hr, null);
            } catch (IOException e) {
                watch.stop();
                throw unwrap(e);
            } catch (RuntimeException e) {
                watch.stop();
                throw e;
            }
            if (streamingBody) {
                watch.stop();
                a.watch = Watchdog.NONE;
                watch = watchdog.deadline(hr, timeouts.total());
            }
            Response resp = new Response(raw, hr, uri, watch, req);
            int s = resp.status();
            LOG.debug("{} {} -> {}", method, uri.getPath(), s);
            if (req.followRedirects && REDIRECTS.contains(s)) {
                Optional<String> location = resp.header("Location");
                boolean readOnly = method.equals("GET") || method.equals("HEAD");
                boolean sameMethod = s == 307 || s == 308;
                if (location.isPresent() && (readOnly || (sameMethod && req.repeatable()))) {
                    if (hop >= MAX_REDIRECTS) {
                        resp.close();
                        throw new AccessException(Failure.UNAVAILABLE, req.operation, req.subject, req.operation
                                + " " + req.subject + ": the registry redirected more than " + MAX_REDIRECTS
                                + " times: the registry or its storage is misconfigured", false, null);
                    }
                    URI next = resolve(uri, location.get(), req);
                    resp.close();
                    if (s == 303 && !method.equals("HEAD")) {
                        method = "GET";
                    }
                    uri = next;
                    continue;
                }
            }
            if (req.streamResponse && req.ok.contains(s)) {
                resp.detachDeadline();
            }
            return resp;
        }
    }

    private static IOException unwrap(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BlockedDestinationException b) {
                return b;
            }
        }
        return e;
    }

    private static URI resolve(URI base, String location, Request req) throws AccessException {
        try {
            return base.resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new AccessException(Failure.UNAVAILABLE, req.operation, req.subject, req.operation + " "
                    + req.subject + ": the registry redirected to an invalid address: the registry is misconfigured",
                    false, null);
        }
    }

    private Optional<String> authorization(Request req, URI uri, List<Scope> scopes, Attempt a) throws IOException {
        if (req.anonymous) {
            return Optional.empty();
        }
        if (req.endpoint == null) {
            return req.authorization.filter(v -> Endpoint.sameOrigin(req.uri, uri));
        }
        Endpoint ep = req.endpoint;
        if (!ep.sameOrigin(uri)) {
            return Optional.empty(); // a redirect to storage or another host: never our credentials
        }
        if (ep.bearer().isPresent()) {
            if (ep.credential() instanceof Credential.RegistryToken t) {
                return Optional.of("Bearer " + t.token());
            }
            String token;
            try {
                token = tokens.token(ep, scopes);
            } catch (AccessException e) {
                a.tokenRefused = e.failure() == Failure.UNAUTHORIZED && !ep.credential().isAnonymous();
                throw e;
            }
            a.token = token;
            return Optional.of("Bearer " + token);
        }
        if (ep.basic().isPresent()) {
            Credential c = ep.credential();
            if (c instanceof Credential.Basic b) {
                return Optional.of(TokenService.basic(b));
            }
            if (c instanceof Credential.RegistryToken t) {
                return Optional.of("Bearer " + t.token());
            }
        }
        return Optional.empty();
    }

    private RegistryException errorOf(Request req, Response resp) throws IOException {
        try (resp) {
            int s = resp.status();
            byte[] body = req.method.equals("HEAD") ? new byte[0] : resp.readSome(ErrorBody.MAX);
            var details = ErrorBody.parse(body);
            Optional<String> hint = req.hint;
            if (hint.isEmpty() && s == 401 && req.endpoint != null) {
                Optional<String> lacking = insufficientScope(resp);
                if (lacking.isPresent() && !req.endpoint.credential().isAnonymous()
                        && req.endpoint.withheld.isEmpty()) {
                    // A valid credential whose token does not carry the needed access: a permission problem.
                    String codes = details.isEmpty() ? "" : " (" + String.join(", ", details.stream()
                            .map(RegistryException.Detail::code).distinct().toList()) + ")";
                    return new RegistryException(Failure.DENIED, s, details, req.operation, req.subject,
                            req.operation + " " + req.subject + ": the credentials for " + req.endpoint.registry
                            + " do not allow this (" + lacking.get() + ")" + codes + ": ask for that access, or use"
                            + " other credentials", false);
                }
                hint = Optional.of(unauthorizedHint(req.endpoint));
            }
            if (REDIRECTS.contains(s) && hint.isEmpty()) {
                hint = Optional.of("Whittle does not follow this redirect for a " + req.method + " request");
            }
            return RegistryException.of(s, details, req.operation, req.subject, hint);
        }
    }

    /** True when an error body says the authorization token expired, as ECR's 403 does. */
    static boolean saysCredentialExpired(byte[] body) {
        for (RegistryException.Detail d : ErrorBody.parse(body)) {
            String m = d.message().toLowerCase(Locale.ROOT);
            if (m.contains("token") && m.contains("expired")) {
                return true;
            }
        }
        return false;
    }

    /** The scope a 401 says is missing ({@code error="insufficient_scope"}), when it says so. */
    private static Optional<String> insufficientScope(Response resp) {
        for (Challenge c : Challenge.parseAll(resp.headers("WWW-Authenticate"))) {
            if (c.param("error").filter("insufficient_scope"::equalsIgnoreCase).isPresent()) {
                return Optional.of(c.param("scope").map(x -> "scope " + x).orElse("insufficient scope"));
            }
        }
        return Optional.empty();
    }

    private static String unauthorizedHint(Endpoint ep) throws IOException {
        if (ep.withheld.isPresent()) {
            return "Whittle did not send the credentials for " + ep.registry + " because " + ep.withheld.get()
                    + "; if that service is genuine, trust it explicitly";
        }
        if (ep.credential().isAnonymous()) {
            return "no credentials were found for " + ep.registry + ": log in with `docker login " + ep.registry + "`";
        }
        return "the registry refused the credentials for " + ep.registry + ": check the user name and password or"
                + " token, and log in again";
    }

    private AccessException networkFailure(Request req, Attempt a, IOException e) {
        String where = a.uri == null ? req.uri.getHost() : a.uri.getHost() + (a.uri.getPort() >= 0 ? ":" + a.uri.getPort() : "");
        String prefix = req.operation + " " + req.subject + ": ";
        if (e instanceof BlockedDestinationException b) {
            AccessException f = b.failure();
            return new AccessException(Failure.BLOCKED, req.operation, req.subject, prefix + f.getMessage(), false, f);
        }
        if (e instanceof DigestMismatchException || e instanceof Body.ShortContentException) {
            return new AccessException(Failure.CORRUPT, req.operation, req.subject, prefix + e.getMessage()
                    + ": the source content is damaged; fetch it again", false, e);
        }
        if (a.watch.fired()) {
            String what = req.body instanceof Body.Stream
                    ? "took no more data for " + seconds(timeouts.read())
                    : "did not complete the exchange within " + seconds(timeouts.total());
            return new AccessException(Failure.UNAVAILABLE, req.operation, req.subject, prefix + where + " " + what
                    + ": try again later, or raise the timeout", true, e);
        }
        if (e instanceof org.apache.hc.client5.http.ConnectTimeoutException) {
            return new AccessException(Failure.UNAVAILABLE, req.operation, req.subject, prefix + "could not connect to "
                    + where + " within " + seconds(timeouts.connect()) + ": check the address and the network", true, e);
        }
        if (e instanceof SocketTimeoutException) {
            return new AccessException(Failure.UNAVAILABLE, req.operation, req.subject, prefix + where + " sent nothing"
                    + " for " + seconds(timeouts.read()) + " (read timeout): try again later, or raise the timeout",
                    true, e);
        }
        if (e instanceof UnknownHostException) {
            return new AccessException(Failure.UNAVAILABLE, req.operation, req.subject, prefix + "the host "
                    + (a.uri == null ? req.uri.getHost() : a.uri.getHost()) + " does not resolve: check the registry"
                    + " name", false, e);
        }
        if (e instanceof SSLHandshakeException) {
            return new AccessException(Failure.UNAVAILABLE, req.operation, req.subject, prefix + "the TLS handshake with "
                    + where + " failed (" + e.getMessage() + "): check the registry's certificate", false, e);
        }
        if (e instanceof SSLException && String.valueOf(e.getMessage()).contains("plaintext")) {
            return new AccessException(Failure.UNAVAILABLE, req.operation, req.subject, prefix + where
                    + " does not speak TLS: if it is a plain-http registry, allow it with --insecure", false, e);
        }
        if (e instanceof ConnectException) {
            String why = String.valueOf(e.getMessage());
            int failed = why.lastIndexOf("failed: ");
            why = failed >= 0 ? why.substring(failed + 8) : why;
            return new AccessException(Failure.UNAVAILABLE, req.operation, req.subject, prefix + "could not connect to "
                    + where + " (" + why + "): check that the registry is running and reachable", true, e);
        }
        if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
            return new AccessException(Failure.OTHER, req.operation, req.subject, prefix + "interrupted", false, e);
        }
        return new AccessException(Failure.UNAVAILABLE, req.operation, req.subject, prefix + "the connection to "
                + where + " failed (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
                + e.getMessage()) + "): try again", true, e);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    static void pause(Duration d) throws InterruptedIOException {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }

    @Override
    public void close() throws IOException {
        watchdog.close();
        http.close();
    }
}
