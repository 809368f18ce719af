package io.whittle.registry.net;

import io.whittle.registry.Timeouts;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Builds every outbound HTTP client Whittle makes (the registry client's, and the providers' REST client under the
 * AWS and Google SDKs): pooled connections, every connection resolved through the outbound policy and its peer
 * checked after connecting, redirects, retries, cookies and authentication caching off (callers follow redirects
 * and retry themselves, so that each hop passes the policy).
 */
public final class HttpTransport {
    private static final int IO_BUFFER = 64 * 1024;

    private HttpTransport() {
    }

    /**
     * @param perRoute        connections per host (at least the number of parallel transfers); four times as many
     *                        in all
     * @param decompressBodies whether to ask for and undo gzip/deflate; off for registries, whose blobs must
     *                        arrive byte for byte
     */
    public static CloseableHttpClient create(OutboundPolicy policy, DnsResolver resolver, Timeouts timeouts,
                                             int perRoute, TlsSocketStrategy tls, String userAgent,
                                             boolean decompressBodies) {
        var operator = new PolicyConnectionOperator(new DefaultHttpClientConnectionOperator(
                DefaultSchemePortResolver.INSTANCE, resolver,
                RegistryBuilder.<TlsSocketStrategy>create().register("https", tls).build()), policy);
        var connections = ManagedHttpClientConnectionFactory.builder()
                .http1Config(Http1Config.custom().setBufferSize(IO_BUFFER).setChunkSizeHint(IO_BUFFER).build())
                .build();
        var pool = new PoolingHttpClientConnectionManager(operator, PoolConcurrencyPolicy.STRICT,
                PoolReusePolicy.LIFO, TimeValue.NEG_ONE_MILLISECOND, connections);
        pool.setDefaultMaxPerRoute(perRoute);
        pool.setMaxTotal(perRoute * 4);
        Timeout read = Timeout.of(timeouts.read());
        pool.setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(Timeout.of(timeouts.connect()))
                .setSocketTimeout(read)
                .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                .setTimeToLive(TimeValue.ofMinutes(5))
                .build());
        pool.setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(read).setTcpNoDelay(true).build());
        var builder = HttpClients.custom();
        if (!decompressBodies) {
            builder.disableContentCompression();
        }
        return builder
                .setConnectionManager(pool)
                .setUserAgent(userAgent)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(read)
                        .setConnectionRequestTimeout(Timeout.of(timeouts.total()))
                        .setRedirectsEnabled(false)
                        .setAuthenticationEnabled(false)
                        .setExpectContinueEnabled(false)
                        .build())
                .build();
    }
}
