package io.whittle.registry;

import java.io.IOException;
import java.net.Socket;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The TLS strategy of the HTTP client, built on the first https connection. Building the JDK's default TLS
 * context reads and parses the whole CA trust store, a good tenth of a second in a fresh JVM, which a command
 * that only talks to a plain-http loopback registry should not pay.
 */
final class LazyTls implements TlsSocketStrategy {
    private final Supplier<TlsSocketStrategy> factory;
    private volatile TlsSocketStrategy strategy;

    private LazyTls(Supplier<TlsSocketStrategy> factory) {
        this.factory = factory;
    }

    /** The strategy over {@code ssl} when given, else over the JDK's default context, each made when first needed. */
    static LazyTls of(Optional<SSLContext> ssl) {
        return new LazyTls(() -> ssl.isPresent() ? new DefaultClientTlsStrategy(ssl.get())
                : DefaultClientTlsStrategy.createDefault());
    }

    /** True once an https connection made the strategy (for tests). */
    boolean built() {
        return strategy != null;
    }

    @Override
    public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
            throws IOException {
        return strategy().upgrade(socket, target, port, attachment, context);
    }

    private TlsSocketStrategy strategy() {
        TlsSocketStrategy s = strategy;
        if (s == null) {
            synchronized (this) {
                s = strategy;
                if (s == null) {
                    s = factory.get();
                    strategy = s;
                }
            }
        }
        return s;
    }
}
