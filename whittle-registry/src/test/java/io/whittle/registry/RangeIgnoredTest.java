package io.whittle.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.whittle.oci.Descriptor;
import io.whittle.oci.MediaType;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A server that ignores {@code Range} and answers a resume with the whole blob (200). No real registry here
 * behaves so, hence this small in-process server: it cuts the first download half-way, then serves every
 * request in full.
 */
class RangeIgnoredTest {

    @Test
    void aResumeAnsweredWithTheWholeBlobSkipsWhatWasAlreadyRead() throws Exception {
        byte[] blob = new byte[600_000];
        new Random(3).nextBytes(blob);
        Descriptor d = Descriptor.of(MediaType.OCI_LAYER, blob);
        AtomicInteger gets = new AtomicInteger();
        List<String> ranges = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 10);
        server.createContext("/v2/", ex -> {
            try (ex) {
                if (ex.getRequestURI().getPath().equals("/v2/")) {
                    ex.sendResponseHeaders(200, -1);
                    return;
                }
                ranges.add(String.valueOf(ex.getRequestHeaders().getFirst("Range")));
                ex.sendResponseHeaders(200, blob.length);
                try (OutputStream out = ex.getResponseBody()) {
                    if (gets.getAndIncrement() == 0) {
                        out.write(blob, 0, 250_000);
                        out.flush();
                        throw new java.io.IOException("cut on purpose"); // the server drops the connection
                    }
                    out.write(blob);
                }
            }
        });
        server.start();
        try (RegistryClient c = RegistryClient.builder().retries(TestSupport.fastRetries()).build()) {
            String registry = "127.0.0.1:" + server.getAddress().getPort();
            try (InputStream in = c.repository(registry, "app/x").openBlob(d)) {
                assertThat(in.readAllBytes()).isEqualTo(blob);
            }
        } finally {
            server.stop(0);
        }
        assertThat(gets.get()).isEqualTo(2);
        assertThat(ranges.get(0)).isEqualTo("null");
        assertThat(ranges.get(1)).startsWith("bytes=").endsWith("-");
    }
}
