package io.whittle.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 reverse proxy on a loopback address in front of a registry (or any plain-http server) that
 * passes everything through faithfully — headers, chunked and streamed bodies, {@code Range} — except where a
 * {@link Rule} says to inject a {@link Fault}: an error status, a cut or stalled body, a replaced body or
 * header, a redirect, a rewritten auth realm. Every request is recorded.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(registry.url())) {
 *     proxy.add(Rule.times("GET", "/v2/.+/blobs/sha256:.+", 1, Fault.cutBodyAfter(4096)));
 *     // point the client under test at proxy.url()
 *     assertThat(proxy.requests("GET", "/v2/.+/blobs/.+")).hasSize(2);
 * }
 * }</pre>
 *
 * <p>The proxy forwards the client's {@code Host} header, so the registry builds upload URLs that point at the
 * proxy; absolute {@code Location}s naming the upstream are rewritten to the proxy all the same. Idle
 * connections time out after 30 s, upstream reads after 60 s, and {@link #stop()} closes everything.
 */
public final class FaultProxy implements AutoCloseable {
    private static final int CLIENT_IDLE_MILLIS = 30_000;
    private static final int UPSTREAM_READ_MILLIS = 60_000;

    private final URI upstream;
    private final String upstreamBase;
    private final ServerSocket server;
    private final String host;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<Trigger> rules = new CopyOnWriteArrayList<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    private FaultProxy(String upstreamUrl, String host, int port) throws IOException {
        this.upstream = URI.create(upstreamUrl.endsWith("/") ? upstreamUrl.substring(0, upstreamUrl.length() - 1)
                : upstreamUrl);
        if (!"http".equals(upstream.getScheme()) || upstream.getHost() == null) {
            throw new IllegalArgumentException("'" + upstreamUrl + "' is not an http URL: the proxy speaks plain"
                    + " HTTP/1.1 to its upstream, e.g. http://127.0.0.1:5000");
        }
        this.upstreamBase = "http://" + upstream.getHost() + ":" + upstreamPort();
        this.host = host;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(host), port), 100);
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "whittle-fault-proxy");
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::acceptLoop);
    }

    /** A proxy on a free port of 127.0.0.1 in front of {@code upstreamUrl} ({@code http://host:port}). */
    public static FaultProxy start(String upstreamUrl) {
        return start(upstreamUrl, "127.0.0.1", 0);
    }

    /** A proxy on {@code host:port} (port 0 for a free one) in front of {@code upstreamUrl}. */
    public static FaultProxy start(String upstreamUrl, String host, int port) {
        RegistryServer.requireLoopback(host);
        try {
            return new FaultProxy(Objects.requireNonNull(upstreamUrl, "upstreamUrl"), host, port);
        } catch (IOException e) {
            throw new TestkitException("could not start the fault proxy on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@code http://host:port} of the proxy. */
    public String url() {
        return "http://" + hostPort();
    }

    /** {@code host:port}, as it appears in image references. */
    public String hostPort() {
        return host + ":" + port();
    }

    /** The loopback address the proxy listens on. */
    public String host() {
        return host;
    }

    /** The port the proxy listens on. */
    public int port() {
        return server.getLocalPort();
    }

    /** The upstream base URL. */
    public String upstream() {
        return upstreamBase;
    }

    /**
     * Adds a rule after the existing ones. For each request the first rule that matches and has uses left
     * applies; its use is counted.
     */
    public Trigger add(Rule rule) {
        Trigger t = new Trigger(Objects.requireNonNull(rule, "rule"));
        rules.add(t);
        return t;
    }

    /** Shorthand for {@code add(Rule.times(method, pathRegex, times, fault))}. */
    public Trigger on(String method, String pathRegex, int times, Fault fault) {
        return add(Rule.times(method, pathRegex, times, fault));
    }

    /** Removes every rule: from now on everything passes through. */
    public void clearRules() {
        rules.clear();
    }

    /** Every request received so far, oldest first. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** The requests with that method ({@code *} for any) whose path matches the regex. */
    public List<RecordedRequest> requests(String method, String pathRegex) {
        Pattern p = Pattern.compile(pathRegex);
        return requests.stream().filter(r -> method.equals("*") || r.method().equalsIgnoreCase(method))
                .filter(r -> p.matcher(r.path()).matches()).toList();
    }

    /** Forgets the requests recorded so far. */
    public void clearRequests() {
        requests.clear();
    }

    /** Closes the listening socket and every open connection. Idempotent. */
    public void stop() {
        running = false;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open) {
            closeQuietly(s);
        }
        threads.shutdownNow();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "FaultProxy[" + url() + " -> " + upstreamBase + "]";
    }

    // ---- rules ---------------------------------------------------------------------------------------------

    /**
     * When a fault applies: requests with {@code method} ({@code *} for any) whose path (without query) matches
     * {@code path} entirely, for the first {@code times} matching requests ({@link #ALWAYS} for every one).
     */
    public record Rule(String method, Pattern path, int times, Fault fault) {
        public static final int ALWAYS = -1;

        public Rule {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(fault, "fault");
            if (times < ALWAYS || times == 0) {
                throw new IllegalArgumentException("times must be positive, or Rule.ALWAYS; got " + times);
            }
        }

        /** The first {@code times} requests that match. */
        public static Rule times(String method, String pathRegex, int times, Fault fault) {
            return new Rule(method, Pattern.compile(pathRegex), times, fault);
        }

        /** Every request that matches. */
        public static Rule always(String method, String pathRegex, Fault fault) {
            return new Rule(method, Pattern.compile(pathRegex), ALWAYS, fault);
        }

        boolean matches(String m, String p) {
            return (method.equals("*") || method.equalsIgnoreCase(m)) && path.matcher(p).matches();
        }
    }

    /** An installed rule: how often it has fired. */
    public static final class Trigger {
        private final Rule rule;
        private final AtomicInteger fired = new AtomicInteger();

        private Trigger(Rule rule) {
            this.rule = rule;
        }

        /** The rule as added. */
        public Rule rule() {
            return rule;
        }

        /** How many requests this rule has applied to. */
        public int fired() {
            return fired.get();
        }

        /** Uses left, or -1 for a rule that always applies. */
        public int remaining() {
            return rule.times() == Rule.ALWAYS ? -1 : Math.max(0, rule.times() - fired.get());
        }

        /** Claims one use; false when none is left. */
        private boolean claim() {
            if (rule.times() == Rule.ALWAYS) {
                fired.incrementAndGet();
                return true;
            }
            while (true) {
                int n = fired.get();
                if (n >= rule.times()) {
                    return false;
                }
                if (fired.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        @Override
        public String toString() {
            return "Trigger[" + rule.method() + " " + rule.path() + " " + rule.fault().describe() + ", fired " + fired
                    + "]";
        }
    }

    private Optional<Fault> faultFor(String method, String path) {
        for (Trigger t : rules) {
            if (t.rule.matches(method, path) && t.claim()) {
                return Optional.of(t.rule.fault());
            }
        }
        return Optional.empty();
    }

    // ---- serving -------------------------------------------------------------------------------------------

    private void acceptLoop() {
        while (running) {
            try {
                Socket client = server.accept();
                open.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                if (!running) {
                    return;
                }
            } catch (java.util.concurrent.RejectedExecutionException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setSoTimeout(CLIENT_IDLE_MILLIS);
            client.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(client.getInputStream(), 64 * 1024);
            OutputStream out = new BufferedOutputStream(client.getOutputStream(), 64 * 1024);
            while (running) {
                Optional<Http1.Head> head = Http1.readHead(in);
                if (head.isEmpty() || !exchange(head.get(), in, out, client)) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // The client went away, a fault cut the connection, or the proxy stopped: nothing to report.
        } finally {
            open.remove(client);
        }
    }

    /** Handles one request; true when the client connection may carry another. */
    private boolean exchange(Http1.Head request, InputStream in, OutputStream out, Socket client) throws IOException {
        String[] line = request.firstLine.split(" ");
        if (line.length != 3) {
            writeSimple(out, 400, "Bad Request", "malformed request line", false);
            return false;
        }
        String method = line[0].toUpperCase(Locale.ROOT);
        String target = line[1];
        if (target.startsWith("http://")) {
            URI u = URI.create(target);
            target = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        }
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        boolean clientKeepAlive = !line[2].equals("HTTP/1.0")
                && !request.get("Connection").map(v -> v.equalsIgnoreCase("close")).orElse(false);
        List<Map.Entry<String, String>> recordedHeaders = List.copyOf(request.headers);
        Optional<Fault> fault = faultFor(method, path);
        Instant time = Instant.now();

        // The proxy answers 100-continue itself: the upstream never sees Expect, so nobody waits on anybody.
        boolean expectContinue = request.get("Expect").map(v -> v.equalsIgnoreCase("100-continue")).orElse(false);
        request.remove("Expect");
        if (expectContinue) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        if (fault.isPresent() && (fault.get() instanceof Fault.Respond || fault.get() instanceof Fault.Redirect)) {
            drainBody(request, in);
            Http1.Head response = new Http1.Head();
            byte[] body;
            int status;
            if (fault.get() instanceof Fault.Respond r) {
                status = r.status();
                r.headers().forEach(response::set);
                body = r.body();
            } else {
                Fault.Redirect r = (Fault.Redirect) fault.get();
                status = r.status();
                response.set("Location", r.preservePath() ? r.location() + target : r.location());
                body = new byte[0];
            }
            response.firstLine = "HTTP/1.1 " + status + " " + reason(status);
            response.set("Content-Length", Integer.toString(body.length));
            response.set("Connection", clientKeepAlive ? "keep-alive" : "close");
            record(time, method, path, query, recordedHeaders, status, fault);
            out.write(response.bytes());
            if (!method.equals("HEAD")) {
                out.write(body);
            }
            out.flush();
            return clientKeepAlive;
        }

        if (fault.isPresent() && fault.get() instanceof Fault.Delay d) {
            sleepWhileRunning(d.duration());
        }

        try (Socket up = new Socket()) {
            open.add(up);
            try {
                up.connect(new InetSocketAddress(upstream.getHost(), upstreamPort()), 5_000);
            } catch (IOException e) {
                drainBody(request, in);
                record(time, method, path, query, recordedHeaders, 502, Optional.of(Fault.status(502)));
                writeSimple(out, 502, "Bad Gateway", "the upstream " + upstreamBase + " is unreachable: " + e.getMessage(),
                        clientKeepAlive);
                return clientKeepAlive;
            }
            up.setSoTimeout(UPSTREAM_READ_MILLIS);
            up.setTcpNoDelay(true);
            InputStream upIn = new BufferedInputStream(up.getInputStream(), 64 * 1024);
            OutputStream upOut = new BufferedOutputStream(up.getOutputStream(), 64 * 1024);

            Http1.Head forwarded = new Http1.Head();
            forwarded.firstLine = method + " " + target + " HTTP/1.1";
            for (Map.Entry<String, String> h : request.headers) {
                if (!isHopByHop(h.getKey())) {
                    forwarded.headers.add(h);
                }
            }
            if (request.chunked()) {
                forwarded.set("Transfer-Encoding", "chunked");
            }
            forwarded.set("Connection", "close");
            upOut.write(forwarded.bytes());
            copyBody(request, in, upOut);
            upOut.flush();

            Http1.Head response;
            do {
                response = Http1.readHead(upIn).orElseThrow(() -> new IOException("upstream closed without answering"));
            } while (statusOf(response) >= 100 && statusOf(response) < 200);
            int status = statusOf(response);
            boolean hasBody = !method.equals("HEAD") && status != 204 && status != 304;
            boolean chunked = hasBody && response.chunked();
            long length = hasBody && !chunked ? response.contentLength() : 0;
            boolean framed = !hasBody || chunked || length >= 0;

            for (int i = 0; i < response.headers.size(); i++) {
                Map.Entry<String, String> h = response.headers.get(i);
                if (h.getKey().equalsIgnoreCase("Location") && h.getValue().startsWith(upstreamBase)) {
                    response.headers.set(i, Map.entry(h.getKey(), url() + h.getValue().substring(upstreamBase.length())));
                }
            }
            response.remove("Connection");
            response.remove("Keep-Alive");
            Fault f = fault.orElse(null);
            if (f instanceof Fault.SetHeader s) {
                if (s.value().isPresent()) {
                    response.set(s.name(), s.value().get());
                } else {
                    response.remove(s.name());
                }
            } else if (f instanceof Fault.RewriteRealm r) {
                for (int i = 0; i < response.headers.size(); i++) {
                    Map.Entry<String, String> h = response.headers.get(i);
                    if (h.getKey().equalsIgnoreCase("WWW-Authenticate")) {
                        response.headers.set(i, Map.entry(h.getKey(), rewriteRealm(h.getValue(), r.realm())));
                    }
                }
            }
            boolean keepAlive = clientKeepAlive && framed;

            if (f instanceof Fault.ReplaceBody rb) {
                skipBody(upIn, chunked, length);
                byte[] body = rb.body();
                response.remove("Transfer-Encoding");
                response.set("Content-Length", Integer.toString(body.length));
                // The replacement is framed by Content-Length, so the client connection may stay open.
                response.set("Connection", clientKeepAlive ? "keep-alive" : "close");
                record(time, method, path, query, recordedHeaders, status, fault);
                out.write(response.bytes());
                if (!method.equals("HEAD")) {
                    out.write(body);
                }
                out.flush();
                return clientKeepAlive;
            }

            response.set("Connection", keepAlive ? "keep-alive" : "close");
            record(time, method, path, query, recordedHeaders, status, fault);
            out.write(response.bytes());
            out.flush();
            if (hasBody) {
                OutputStream body = out;
                if (f instanceof Fault.CutBody cut) {
                    body = new Tripwire(out, cut.afterBytes(), () -> {
                        cutConnection(client, cut.reset());
                        throw new SocketException("connection cut by FaultProxy");
                    });
                } else if (f instanceof Fault.Stall stall) {
                    body = new Tripwire(out, stall.afterBytes(), () -> sleepWhileRunning(stall.duration()));
                }
                if (chunked) {
                    Http1.copyChunked(upIn, body);
                } else if (length >= 0) {
                    Http1.copyFixed(upIn, body, length);
                } else {
                    Http1.copyToEnd(upIn, body);
                }
                body.flush();
                if (f instanceof Fault.CutBody cut) {
                    // The body was shorter than the cut point: cut at its end all the same.
                    cutConnection(client, cut.reset());
                    return false;
                }
            }
            return keepAlive;
        } finally {
            open.removeIf(Socket::isClosed);
        }
    }

    private void record(Instant time, String method, String path, String query, List<Map.Entry<String, String>> headers,
                        int status, Optional<Fault> fault) {
        requests.add(new RecordedRequest(time, method, path, query, headers, status, fault.map(Fault::describe)));
    }

    private static void cutConnection(Socket client, boolean reset) {
        try {
            client.getOutputStream().flush();
            if (reset) {
                client.setSoLinger(true, 0);
            }
        } catch (IOException e) {
            // closing anyway
        }
        closeQuietly(client);
    }

    private static void copyBody(Http1.Head request, InputStream in, OutputStream out) throws IOException {
        if (request.chunked()) {
            Http1.copyChunked(in, out);
        } else {
            long n = request.contentLength();
            if (n > 0) {
                Http1.copyFixed(in, out, n);
            }
        }
    }

    private static void drainBody(Http1.Head request, InputStream in) throws IOException {
        copyBody(request, in, OutputStream.nullOutputStream());
    }

    private static void skipBody(InputStream in, boolean chunked, long length) throws IOException {
        if (chunked) {
            Http1.copyChunked(in, OutputStream.nullOutputStream());
        } else if (length >= 0) {
            Http1.copyFixed(in, OutputStream.nullOutputStream(), length);
        } else {
            Http1.copyToEnd(in, OutputStream.nullOutputStream());
        }
    }

    private static final Pattern REALM = Pattern.compile("(?i)(realm=)(\"[^\"]*\"|[^,\\s]*)");

    static String rewriteRealm(String challenge, String realm) {
        Matcher m = REALM.matcher(challenge);
        return m.find() ? challenge.substring(0, m.start()) + m.group(1) + "\"" + realm + "\""
                + challenge.substring(m.end()) : challenge;
    }

    private static boolean isHopByHop(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "connection", "keep-alive", "proxy-connection", "proxy-authorization", "te", "trailer", "upgrade",
                 "expect", "transfer-encoding", "http2-settings" -> true;
            default -> false;
        };
    }

    private static int statusOf(Http1.Head response) throws IOException {
        String[] parts = response.firstLine.split(" ", 3);
        try {
            return Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            throw new IOException("malformed status line '" + response.firstLine + "'");
        }
    }

    private int upstreamPort() {
        return upstream.getPort() < 0 ? 80 : upstream.getPort();
    }

    private static void writeSimple(OutputStream out, int status, String reason, String message, boolean keepAlive)
            throws IOException {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/plain\r\nContent-Length: "
                + body.length + "\r\nConnection: " + (keepAlive ? "keep-alive" : "close") + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 206 -> "Partial Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 416 -> "Range Not Satisfiable";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status";
        };
    }

    private void sleepWhileRunning(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (running && System.nanoTime() < end) {
            try {
                Thread.sleep(Math.min(50, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** Runs an action once, when the bytes written cross a threshold (after writing exactly up to it). */
    private static final class Tripwire extends FilterOutputStream {
        private final long threshold;
        private final IoAction action;
        private long written;
        private boolean tripped;

        Tripwire(OutputStream out, long threshold, IoAction action) {
            super(out);
            this.threshold = threshold;
            this.action = action;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (!tripped && written + len >= threshold) {
                int before = (int) (threshold - written);
                out.write(b, off, before);
                written += before;
                out.flush();
                tripped = true;
                action.run();
                off += before;
                len -= before;
            }
            out.write(b, off, len);
            written += len;
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

}
