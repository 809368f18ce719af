package io.whittle.connector.http;

import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import io.whittle.registry.RetryAfter;
import io.whittle.registry.RetryPolicy;
import io.whittle.registry.Timeouts;
import io.whittle.registry.net.BlockedDestinationException;
import io.whittle.registry.net.OutboundPolicy;
import io.whittle.registry.net.HttpTransport;
import io.whittle.registry.net.PolicyDnsResolver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP client for providers' REST APIs (Hub, ECR, STS, Google OAuth, GitHub, GitLab, DigitalOcean, Quay), and
 * under the AWS SDK and google-auth-library too. Like the registry client it resolves every host through the
 * {@link OutboundPolicy} at connect time ({@link PolicyDnsResolver}, then {@link PolicyConnectionOperator} checks the
 * peer), checks each URL before the request, follows no redirects, and retries 429 and 5xx with backoff. Bodies are
 * read whole, up to the request's limit: these APIs answer in JSON pages, never with layers.
 *
 * <p>The HTTP client, its connection pool and TLS set-up are made on the first request: a command that only reads
 * stored connectors never pays for them.
 *
 * <p>Logs name method, host and path, never headers or bodies.
 */
public final class RestClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RestClient.class);
    /** REST calls are few and small; the providers' SDKs page through them one at a time. */
    private static final int CONNECTIONS_PER_HOST = 8;
    private static final java.util.Set<String> HOP_HEADERS = java.util.Set.of("host", "content-length",
            "transfer-encoding", "connection", "expect");

    private final Supplier<CloseableHttpClient> factory;
    private final OutboundPolicy policy;
    private final RetryPolicy retries;
    private final Timeouts timeouts;
    private CloseableHttpClient http;
    private boolean closed;

    private RestClient(Supplier<CloseableHttpClient> factory, OutboundPolicy policy, RetryPolicy retries,
                       Timeouts timeouts) {
        this.factory = factory;
        this.policy = policy;
        this.retries = retries;
        this.timeouts = timeouts;
    }

    /** A client with the JDK's trust store. */
    public static RestClient create(OutboundPolicy policy, Timeouts timeouts, RetryPolicy retries, String userAgent) {
        return create(policy, timeouts, retries, userAgent, Optional.empty());
    }

    /** A client trusting {@code ssl}'s roots (a private CA), else the JDK's. */
    public static RestClient create(OutboundPolicy policy, Timeouts timeouts, RetryPolicy retries, String userAgent,
                                    Optional<SSLContext> ssl) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(retries, "retries");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(ssl, "ssl");
        return new RestClient(() -> http(policy, timeouts, userAgent, ssl), policy, retries, timeouts);
    }

    private static CloseableHttpClient http(OutboundPolicy policy, Timeouts timeouts, String userAgent,
                                            Optional<SSLContext> ssl) {
        TlsSocketStrategy tls = ssl.<TlsSocketStrategy>map(DefaultClientTlsStrategy::new)
                .orElseGet(DefaultClientTlsStrategy::createDefault);
        return HttpTransport.create(policy, new PolicyDnsResolver(policy), timeouts, CONNECTIONS_PER_HOST, tls,
                userAgent, true);
    }

    private synchronized CloseableHttpClient http() {
        if (closed) {
            throw new IllegalStateException("the REST client is closed: make a new one");
        }
        if (http == null) {
            http = factory.get();
        }
        return http;
    }

    public OutboundPolicy policy() {
        return policy;
    }

    /**
     * Sends the request and answers whatever status came back (error statuses included, once retries of 429 and
     * 5xx are spent): providers' error bodies say what is wrong, so the caller reads them.
     *
     * @throws AccessException for blocked destinations, network failures, timeouts and oversized answers
     */
    public RestResponse send(RestRequest req) throws IOException {
        try {
            policy.checkUrl(req.uri);
        } catch (AccessException e) {
            throw new AccessException(Failure.BLOCKED, req.operation, req.subject, req.operation + " " + req.subject
                    + ": " + e.getMessage(), false, e);
        }
        for (int attempt = 1; ; attempt++) {
            RestResponse r;
            try {
                r = once(req);
            } catch (AccessException e) {
                throw e;
            } catch (IOException e) {
                AccessException f = networkFailure(req, e);
                if (f.retryable() && req.retry && attempt < retries.maxAttempts()) {
                    pause(retries.backoff(attempt));
                    continue;
                }
                throw f;
            }
            int s = r.status();
            boolean retryable = s == 429 || (s >= 500 && s != 501 && s != 505);
            if (retryable && req.retry && attempt < retries.maxAttempts()) {
                Duration wait = retries.backoff(attempt);
                if (s == 429 || s == 503) {
                    wait = RetryAfter.parse(r.header("Retry-After").orElse(null), Instant.now(),
                            retries.maxRetryAfter()).orElse(wait);
                }
                LOG.debug("{} {}{} -> {}; retrying in {} ms", req.method, req.uri.getHost(), req.uri.getRawPath(), s,
                        wait.toMillis());
                pause(wait);
                continue;
            }
            return r;
        }
    }

    private RestResponse once(RestRequest req) throws IOException {
        HttpUriRequestBase hr = new HttpUriRequestBase(req.method, req.uri);
        for (Map.Entry<String, String> h : req.headers) {
            // The client sets these itself from the URL and the body; SDKs hand them over too.
            if (!HOP_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                hr.addHeader(h.getKey(), h.getValue());
            }
        }
        hr.setHeader("Accept", hr.containsHeader("Accept") ? hr.getFirstHeader("Accept").getValue()
                : "application/json");
        req.body.ifPresent(b -> hr.setEntity(new ByteArrayEntity(b, ContentType.parse(req.contentType))));
        try (ClassicHttpResponse resp = http().executeOpen(null, hr, null)) {
            int status = resp.getCode();
            LOG.debug("{} {}{} -> {}", req.method, req.uri.getHost(), req.uri.getRawPath(), status);
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (Header h : resp.getHeaders()) {
                headers.computeIfAbsent(h.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue());
            }
            byte[] body = read(resp.getEntity(), req);
            return new RestResponse(req.uri, status, headers, body);
        } catch (IOException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BlockedDestinationException b) {
                    throw b;
                }
            }
            throw e;
        }
    }

    private static byte[] read(HttpEntity entity, RestRequest req) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        try (InputStream in = entity.getContent()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (out.size() + n > req.maxBody) {
                    throw new AccessException(Failure.UNSUPPORTED, req.operation, req.subject, req.operation + " "
                            + req.subject + ": " + req.uri.getHost() + " answered with more than " + req.maxBody
                            + " bytes, more than such an answer ever needs: check the API URL");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }

    private AccessException networkFailure(RestRequest req, IOException e) {
        String where = req.uri.getHost() + (req.uri.getPort() >= 0 ? ":" + req.uri.getPort() : "");
        String prefix = req.operation + " " + req.subject + ": ";
        if (e instanceof BlockedDestinationException b) {
            return new AccessException(Failure.BLOCKED, req.operation, req.subject, prefix + b.failure().getMessage(),
                    false, b.failure());
        }
        if (e instanceof SocketTimeoutException) {
            return new AccessException(Failure.UNAVAILABLE, req.operation, req.subject, prefix + where + " sent nothing"
                    + " for " + timeouts.read().toSeconds() + " s: try again later", true, e);
        }
        if (e instanceof UnknownHostException) {
            return new AccessException(Failure.UNAVAILABLE, req.operation, req.subject, prefix + "the host "
                    + req.uri.getHost() + " does not resolve: check the address", false, e);
        }
        if (e instanceof SSLException) {
            return new AccessException(Failure.UNAVAILABLE, req.operation, req.subject, prefix
                    + "the TLS connection to "
                    + where + " failed (" + e.getMessage() + "): check the address and its certificate", false, e);
        }
        if (e instanceof ConnectException) {
            return new AccessException(Failure.UNAVAILABLE, req.operation, req.subject, prefix + "could not connect to "
                    + where + ": check the address and that the service is reachable", true, e);
        }
        if (e instanceof InterruptedIOException) {
            return new AccessException(Failure.OTHER, req.operation, req.subject, prefix + "interrupted", false, e);
        }
        return new AccessException(Failure.UNAVAILABLE, req.operation, req.subject, prefix + "the connection to "
                + where + " failed (" + e.getClass().getSimpleName() + "): try again", true, e);
    }

    private static void pause(Duration d) throws InterruptedIOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }

    @Override
    public void close() throws IOException {
        CloseableHttpClient open;
        synchronized (this) {
            closed = true;
            open = http;
            http = null;
        }
        if (open != null) {
            open.close();
        }
    }
}
