package io.whittle.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.whittle.oci.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A registry in memory on loopback, for {@link Training} only: just enough of the distribution API (ping, blob
 * HEAD/GET, monolithic and streamed uploads, mount, manifest HEAD/GET/PUT, tags, catalog, error bodies) for the
 * CLI's real requests to succeed, so that the training walks the paths real copies take. No auth, no checks
 * beyond what the client verifies.
 */
final class TrainingRegistry implements AutoCloseable {
    private record Stored(byte[] bytes, String mediaType) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    /** By "repository@digest" and "repository:tag". */
    private final Map<String, Stored> manifests = new ConcurrentHashMap<>();
    private final Map<String, byte[]> uploads = new ConcurrentHashMap<>();

    private TrainingRegistry(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    static TrainingRegistry start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "whittle-training-registry");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        TrainingRegistry registry = new TrainingRegistry(server, executor);
        server.createContext("/", registry::handle);
        server.start();
        return registry;
    }

    /** {@code 127.0.0.1:port}. */
    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            URI uri = ex.getRequestURI();
            String path = uri.getPath();
            byte[] body = ex.getRequestBody().readAllBytes();
            if (path.equals("/v2/") || path.equals("/v2")) {
                json(ex, 200, "{}");
            } else if (path.equals("/v2/_catalog")) {
                TreeSet<String> names = new TreeSet<>();
                manifests.keySet().forEach(k -> names.add(k.split("[@:]", 2)[0]));
                json(ex, 200, "{\"repositories\":" + array(names) + "}");
            } else if (path.endsWith("/tags/list")) {
                String name = path.substring("/v2/".length(), path.length() - "/tags/list".length());
                TreeSet<String> tags = new TreeSet<>();
                manifests.keySet().stream().filter(k -> k.startsWith(name + ":"))
                        .forEach(k -> tags.add(k.substring(name.length() + 1)));
                json(ex, 200, "{\"name\":\"" + name + "\",\"tags\":" + array(tags) + "}");
            } else if (path.contains("/blobs/uploads/")) {
                upload(ex, method, path, uri.getRawQuery(), body);
            } else if (path.contains("/blobs/")) {
                byte[] blob = blobs.get(path.substring(path.lastIndexOf('/') + 1));
                if (blob == null) {
                    error(ex, 404, "BLOB_UNKNOWN");
                } else {
                    send(ex, 200, blob, "application/octet-stream", Digest.sha256(blob).toString());
                }
            } else if (path.contains("/manifests/")) {
                manifest(ex, method, path, body);
            } else {
                error(ex, 404, "NAME_UNKNOWN");
            }
        }
    }

    private void upload(HttpExchange ex, String method, String path, String query, byte[] body) throws IOException {
        int at = path.indexOf("/blobs/uploads/");
        String name = path.substring("/v2/".length(), at);
        String session = path.substring(at + "/blobs/uploads/".length());
        if (method.equals("POST")) {
            String mount = param(query, "mount");
            if (mount != null && blobs.containsKey(mount)) {
                ex.getResponseHeaders().add("Location", "/v2/" + name + "/blobs/" + mount);
                send(ex, 201, new byte[0], "text/plain", mount);
                return;
            }
            String id = UUID.randomUUID().toString();
            uploads.put(id, new byte[0]);
            ex.getResponseHeaders().add("Location", "/v2/" + name + "/blobs/uploads/" + id);
            send(ex, 202, new byte[0], "text/plain", null);
            return;
        }
        byte[] sofar = uploads.get(session);
        if (sofar == null) {
            error(ex, 404, "BLOB_UPLOAD_UNKNOWN");
            return;
        }
        byte[] all = new byte[sofar.length + body.length];
        System.arraycopy(sofar, 0, all, 0, sofar.length);
        System.arraycopy(body, 0, all, sofar.length, body.length);
        if (method.equals("PATCH")) {
            uploads.put(session, all);
            ex.getResponseHeaders().add("Location", path);
            ex.getResponseHeaders().add("Range", "0-" + (all.length - 1));
            send(ex, 202, new byte[0], "text/plain", null);
            return;
        }
        uploads.remove(session);
        String digest = Digest.sha256(all).toString();
        if (!digest.equals(param(query, "digest"))) {
            error(ex, 400, "DIGEST_INVALID");
            return;
        }
        blobs.put(digest, all);
        ex.getResponseHeaders().add("Location", "/v2/" + name + "/blobs/" + digest);
        send(ex, 201, new byte[0], "text/plain", digest);
    }

    private void manifest(HttpExchange ex, String method, String path, byte[] body) throws IOException {
        int at = path.indexOf("/manifests/");
        String name = path.substring("/v2/".length(), at);
        String ref = path.substring(at + "/manifests/".length());
        String key = name + (Digest.isDigest(ref) ? "@" : ":") + ref;
        if (method.equals("PUT")) {
            String mediaType = ex.getRequestHeaders().getFirst("Content-Type");
            Stored stored = new Stored(body, mediaType);
            String digest = Digest.sha256(body).toString();
            manifests.put(name + "@" + digest, stored);
            manifests.put(key, stored);
            ex.getResponseHeaders().add("Location", "/v2/" + name + "/manifests/" + digest);
            send(ex, 201, new byte[0], "text/plain", digest);
            return;
        }
        Stored m = manifests.get(key);
        if (m == null) {
            error(ex, 404, "MANIFEST_UNKNOWN");
        } else {
            send(ex, 200, m.bytes(), m.mediaType(), Digest.sha256(m.bytes()).toString());
        }
    }

    private static String param(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static String array(Iterable<String> items) {
        List<String> quoted = new ArrayList<>();
        items.forEach(i -> quoted.add("\"" + i + "\""));
        return "[" + String.join(",", quoted) + "]";
    }

    private static void json(HttpExchange ex, int status, String json) throws IOException {
        send(ex, status, json.getBytes(StandardCharsets.UTF_8), "application/json", null);
    }

    private static void error(HttpExchange ex, int status, String code) throws IOException {
        json(ex, status, "{\"errors\":[{\"code\":\"" + code + "\",\"message\":\"training\"}]}");
    }

    private static void send(HttpExchange ex, int status, byte[] body, String type, String digest) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.getResponseHeaders().add("Docker-Distribution-API-Version", "registry/2.0");
        if (digest != null) {
            ex.getResponseHeaders().add("Docker-Content-Digest", digest);
        }
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.getResponseHeaders().add("Content-Length", String.valueOf(body.length));
            ex.sendResponseHeaders(status, -1);
            return;
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
