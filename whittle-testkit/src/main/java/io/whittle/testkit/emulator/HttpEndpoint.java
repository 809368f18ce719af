package io.whittle.testkit.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.whittle.oci.Json;
import io.whittle.testkit.TestkitException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * One host of an emulated provider (its registry, its API, its token service) as an HTTP server on 127.0.0.1
 * with a table of routes. Routes match the method and the whole raw path; the first match handles the request.
 * Every request is recorded with the status answered.
 */
public final class HttpEndpoint implements AutoCloseable {
    private final String role;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String scheme;
    private final TlsRefusingRelay relay;
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private final List<EmulatorRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Function<Call, Optional<Reply>> gate = c -> Optional.empty();
    private volatile Function<String, Reply> notFound = path -> plainError(404, "no route for " + path);

    /** Handles one request. */
    @FunctionalInterface
    public interface Handler {
        Reply handle(Call call) throws IOException;
    }

    private record Route(String method, Pattern path, Handler handler) {
    }

    private HttpEndpoint(String role, HttpServer server, String scheme) throws IOException {
        this.role = role;
        this.server = server;
        this.scheme = scheme;
        this.relay = scheme.equals("http") ? new TlsRefusingRelay(server.getAddress().getPort(), role) : null;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "whittle-emulator-" + role);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
        server.start();
    }

    /** Starts a plain-http endpoint on a free port of 127.0.0.1; {@code role} names it in recorded requests. */
    public static HttpEndpoint start(String role) {
        try {
            return new HttpEndpoint(role, HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    100), "http");
        } catch (IOException e) {
            throw new TestkitException("could not start the " + role + " endpoint on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** Starts an https endpoint on a free port of 127.0.0.1 with this server TLS context. */
    public static HttpEndpoint startTls(String role, SSLContext tls) {
        try {
            HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
            s.setHttpsConfigurator(new HttpsConfigurator(tls));
            return new HttpEndpoint(role, s, "https");
        } catch (IOException e) {
            throw new TestkitException("could not start the " + role + " endpoint on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** Adds a route: {@code method} ({@code *} for any) and a regular expression for the whole raw path. */
    public HttpEndpoint on(String method, String pathRegex, Handler handler) {
        routes.add(new Route(method, Pattern.compile(pathRegex), Objects.requireNonNull(handler, "handler")));
        return this;
    }

    /** A check every request passes before routing (a required header, say); a reply stops the request there. */
    public HttpEndpoint gate(Function<Call, Optional<Reply>> check) {
        this.gate = Objects.requireNonNull(check, "check");
        return this;
    }

    /** What to answer when no route matches the path. */
    public HttpEndpoint notFound(Function<String, Reply> reply) {
        this.notFound = Objects.requireNonNull(reply, "reply");
        return this;
    }

    public String role() {
        return role;
    }

    /** {@code http://127.0.0.1:port} (or https), without a trailing slash. */
    public String url() {
        return scheme + "://" + hostPort();
    }

    /** {@code 127.0.0.1:port}. */
    public String hostPort() {
        return "127.0.0.1:" + port();
    }

    public int port() {
        return relay != null ? relay.port() : server.getAddress().getPort();
    }

    /** Every request received so far, oldest first. */
    public List<EmulatorRequest> requests() {
        return List.copyOf(requests);
    }

    public void clearRequests() {
        requests.clear();
    }

    /** Stops the server. Idempotent. */
    @Override
    public void close() {
        if (relay != null) {
            relay.close();
        }
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "HttpEndpoint[" + role + " " + url() + "]";
    }

    // ---- serving -------------------------------------------------------------------------------------------

    private void dispatch(HttpExchange ex) {
        String method = ex.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
        String path = ex.getRequestURI().getRawPath();
        Reply reply;
        Call call = null;
        try {
            Route route = null;
            Matcher match = null;
            boolean pathKnown = false;
            for (Route r : routes) {
                Matcher m = r.path.matcher(path);
                if (m.matches()) {
                    pathKnown = true;
                    if (r.method.equals("*") || r.method.equalsIgnoreCase(method)) {
                        route = r;
                        match = m;
                        break;
                    }
                }
            }
            call = new Call(ex, match != null ? match : Pattern.compile(".*").matcher(path));
            Optional<Reply> stopped = gate.apply(call);
            if (stopped.isPresent()) {
                reply = stopped.get();
            } else if (route == null) {
                reply = pathKnown ? plainError(405, "method " + method + " is not allowed on " + path)
                        : notFound.apply(path);
            } else {
                reply = route.handler.handle(call);
            }
        } catch (Call.BadRequest e) {
            reply = plainError(400, e.getMessage());
        } catch (IOException | RuntimeException e) {
            reply = plainError(500, "the " + role + " emulator failed: " + e);
        }
        requests.add(new EmulatorRequest(role, Instant.now(), method, path,
                Optional.ofNullable(ex.getRequestURI().getRawQuery()).orElse(""),
                call != null ? call.headers() : List.of(), reply.status()));
        send(ex, method, reply);
    }

    private static void send(HttpExchange ex, String method, Reply reply) {
        try (ex) {
            drain(ex);
            boolean head = method.equals("HEAD");
            for (Map.Entry<String, String> h : reply.headers()) {
                boolean length = h.getKey().equalsIgnoreCase("Content-Length");
                if (!length || head) {
                    ex.getResponseHeaders().add(h.getKey(), h.getValue());
                }
            }
            int status = reply.status();
            boolean noBody = head || status == 204 || status == 304;
            if (reply.stream().isPresent()) {
                Reply.Streamed s = reply.stream().get();
                try (InputStream in = s.in()) {
                    if (noBody) {
                        ex.sendResponseHeaders(status, -1);
                    } else {
                        ex.sendResponseHeaders(status, s.length() < 0 ? 0 : s.length() == 0 ? -1 : s.length());
                        try (OutputStream out = ex.getResponseBody()) {
                            in.transferTo(out);
                        }
                    }
                }
            } else {
                byte[] body = reply.body();
                ex.sendResponseHeaders(status, noBody || body.length == 0 ? -1 : body.length);
                if (!noBody && body.length > 0) {
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        } catch (IOException e) {
            // The client went away: nothing to answer.
        }
    }

    /** Whatever the handler did not read is drained, so the connection can carry the next request. */
    private static void drain(HttpExchange ex) {
        try {
            ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // A forwarded body's stream is already read and closed.
        }
    }

    /** A JSON error {@code {"message": …}} for requests no provider-specific handler answered. */
    static Reply plainError(int status, String message) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("message", message);
        return Reply.json(status, n);
    }
}
