package io.whittle.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.oci.Descriptor;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.RegistryExtension;
import io.whittle.testkit.TestImage;
import io.whittle.testkit.emulator.SelfSignedTls;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The TLS context is built on the first https connection, so plain-http loopback work never pays for it. */
class LazyTlsTest {
    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.noAuth();

    @Test
    void plainHttpLoopbackWorkNeverBuildsTheTlsContext() throws Exception {
        try (ImageFactory f = ImageFactory.temporary(); RegistryClient client = TestSupport.clientFor(REGISTRY).build()) {
            TestImage image = f.smallImage(ImageFormat.OCI, "lazy-tls");
            RegistryRepository repo = client.repository(REGISTRY.hostPort(), "lazy/tls");
            TestSupport.push(repo, image, Optional.of("1"));
            assertThat(repo.manifest("1").digest()).isEqualTo(image.digest());
            for (Descriptor d : image.blobs()) {
                assertThat(repo.hasBlob(d)).isTrue();
            }
            assertThat(client.tlsBuilt()).isFalse();
        }
    }

    @Test
    void theFirstHttpsConnectionBuildsItAndHandshakes() throws Exception {
        SelfSignedTls tls = SelfSignedTls.create();
        LazyTls lazy = LazyTls.of(Optional.of(tls.clientContext()));
        assertThat(lazy.built()).isFalse();
        try (SSLServerSocket server = (SSLServerSocket) tls.serverContext().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.startHandshake();
                    s.getOutputStream().write(42);
                    s.getOutputStream().flush();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                 SSLSocket secure = lazy.upgrade(plain, "127.0.0.1", server.getLocalPort(), null,
                         HttpClientContext.create())) {
                assertThat(secure.getInputStream().read()).isEqualTo(42);
                assertThat(secure.getSession().getPeerCertificates()[0]).isEqualTo(tls.certificate());
            }
            accepted.get(10, TimeUnit.SECONDS);
        }
        assertThat(lazy.built()).isTrue();
    }
}
