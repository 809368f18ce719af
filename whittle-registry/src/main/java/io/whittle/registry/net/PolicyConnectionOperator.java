package io.whittle.registry.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.Optional;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.net.NamedEndpoint;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * A second gate behind {@link PolicyDnsResolver}: after a socket connects, the peer address is checked once
 * more, so a route that bypassed resolution (an {@link HttpHost} built with a fixed address) still cannot reach
 * a denied address.
 */
public final class PolicyConnectionOperator implements HttpClientConnectionOperator {
    private final HttpClientConnectionOperator delegate;
    private final OutboundPolicy policy;

    public PolicyConnectionOperator(HttpClientConnectionOperator delegate, OutboundPolicy policy) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public void connect(ManagedHttpClientConnection conn, HttpHost host, InetSocketAddress localAddress,
                        TimeValue connectTimeout, SocketConfig socketConfig, HttpContext context) throws IOException {
        delegate.connect(conn, host, localAddress, connectTimeout, socketConfig, context);
        verify(conn, host);
    }

    @Override
    public void connect(ManagedHttpClientConnection conn, HttpHost host, NamedEndpoint endpointName,
                        InetSocketAddress localAddress, Timeout connectTimeout, SocketConfig socketConfig,
                        Object attachment, HttpContext context) throws IOException {
        delegate.connect(conn, host, endpointName, localAddress, connectTimeout, socketConfig, attachment, context);
        verify(conn, host);
    }

    @Override
    public void upgrade(ManagedHttpClientConnection conn, HttpHost host, HttpContext context) throws IOException {
        delegate.upgrade(conn, host, context);
    }

    @Override
    public void upgrade(ManagedHttpClientConnection conn, HttpHost host, NamedEndpoint endpointName,
                        Object attachment, HttpContext context) throws IOException {
        delegate.upgrade(conn, host, endpointName, attachment, context);
    }

    private void verify(ManagedHttpClientConnection conn, HttpHost host) throws IOException {
        SocketAddress remote = conn.getRemoteAddress();
        if (remote instanceof InetSocketAddress isa && isa.getAddress() != null) {
            InetAddress address = isa.getAddress();
            Optional<String> why = policy.addressDenial(host.getHostName(), address);
            if (why.isPresent()) {
                conn.close();
                throw new BlockedDestinationException(OutboundPolicy.blocked(host.getHostName(), why.get()));
            }
        }
    }
}
