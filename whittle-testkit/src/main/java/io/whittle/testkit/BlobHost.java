package io.whittle.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.whittle.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny blob server standing for "another host" (a CDN or object store a registry redirects blob downloads
 * to), usually on 127.0.0.2. It serves GET and HEAD for any path ending in a digest from a content-addressed
 * directory ({@code root/blobs/<alg>/<hex>}, as an {@link ImageFactory} writes), honours {@code Range}, and
 * records every request's headers so tests can check that no {@code Authorization} crossed hosts.
 *
 * <pre>{@code
 * try (BlobHost cdn = BlobHost.start("127.0.0.2", factory.root());
 *      FaultProxy proxy = FaultProxy.start(registry.url())) {
 *     proxy.add(Rule.always("GET", "/v2/.+/blobs/sha256:.+", Fault.redirectPreservingPath(cdn.url())));
 *     ...
 *     assertThat(cdn.requests()).allSatisfy(r -> assertThat(r.hasHeader("Authorization")).isFalse());
 * }
 * }</pre>
 */
public final class BlobHost implements AutoCloseable {
    private static final Pattern DIGEST_AT_END = Pattern.compile(".*/([a-z0-9]+:[a-f0-9]+)$");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Path root;
    private final String host;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    private BlobHost(String host, Path root) throws IOException {
        this.host = host;
        this.root = root;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), 0), 50);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "whittle-blob-host");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves the blobs under {@code root} on a free port of {@code host} (a loopback address). */
    public static BlobHost start(String host, Path root) {
        RegistryServer.requireLoopback(host);
        try {
            return new BlobHost(host, root);
        } catch (IOException e) {
            throw new TestkitException("could not start the blob host on " + host + ": " + e.getMessage(), e);
        }
    }

    /** {@code http://host:port}. */
    public String url() {
        return "http://" + host + ":" + server.getAddress().getPort();
    }

    /** The loopback address the blob host listens on. */
    public String host() {
        return host;
    }

    /** The port the blob host listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Every request received so far, oldest first. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Forgets the requests recorded so far. */
    public void clearRequests() {
        requests.clear();
    }

    /** Stops serving. Idempotent. */
    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "BlobHost[" + url() + " serving " + root + "]";
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getRawPath();
            String query = Optional.ofNullable(ex.getRequestURI().getRawQuery()).orElse("");
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            ex.getRequestHeaders().forEach((k, vs) -> vs.forEach(v -> headers.add(Map.entry(k, v))));
            Optional<Path> file = blobFile(path);
            if (!method.equals("GET") && !method.equals("HEAD")) {
                answer(ex, method, path, query, headers, 405, -1);
                return;
            }
            if (file.isEmpty()) {
                answer(ex, method, path, query, headers, 404, -1);
                return;
            }
            long size = Files.size(file.get());
            long from = 0;
            long to = size - 1;
            int status = 200;
            String range = ex.getRequestHeaders().getFirst("Range");
            if (range != null) {
                Matcher m = RANGE.matcher(range.trim());
                if (!m.matches() || Long.parseLong(m.group(1)) >= size) {
                    ex.getResponseHeaders().set("Content-Range", "bytes */" + size);
                    answer(ex, method, path, query, headers, 416, -1);
                    return;
                }
                from = Long.parseLong(m.group(1));
                to = m.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(m.group(2)));
                status = 206;
                ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + size);
            }
            long length = to - from + 1;
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            ex.getResponseHeaders().set("Accept-Ranges", "bytes");
            requests.add(new RecordedRequest(Instant.now(), method, path, query, headers, status, Optional.empty()));
            if (method.equals("HEAD")) {
                ex.getResponseHeaders().set("Content-Length", Long.toString(length));
                ex.sendResponseHeaders(status, -1);
                return;
            }
            ex.sendResponseHeaders(status, length);
            try (InputStream in = Files.newInputStream(file.get()); OutputStream out = ex.getResponseBody()) {
                in.skipNBytes(from);
                Http1.copyFixed(in, out, length);
            }
        }
    }

    private void answer(HttpExchange ex, String method, String path, String query,
                        List<Map.Entry<String, String>> headers, int status, long length) throws IOException {
        requests.add(new RecordedRequest(Instant.now(), method, path, query, headers, status, Optional.empty()));
        ex.sendResponseHeaders(status, length);
    }

    private Optional<Path> blobFile(String path) {
        Matcher m = DIGEST_AT_END.matcher(path);
        if (!m.matches() || !Digest.isDigest(m.group(1))) {
            return Optional.empty();
        }
        Digest d = Digest.parse(m.group(1));
        Path file = root.resolve("blobs").resolve(d.algorithm().prefix()).resolve(d.hex());
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }
}
