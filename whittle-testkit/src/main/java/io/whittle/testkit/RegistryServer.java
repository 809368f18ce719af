package io.whittle.testkit;

import io.whittle.oci.Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * A real CNCF distribution registry ({@code /usr/bin/docker-registry}, Debian package {@code docker-registry})
 * running on a free loopback port with its storage in a temporary directory. Deletes are enabled.
 *
 * <pre>{@code
 * try (RegistryServer registry = RegistryServer.builder().basic("alice", "secret").start()) {
 *     image.push(registry.url(), "team/app", "1.0", registry.credentials());
 * }
 * }</pre>
 *
 * <p>{@link #stop()} kills the process and deletes the storage; a JVM shutdown hook does the same for
 * servers a test forgot to stop.
 */
public final class RegistryServer implements AutoCloseable {
    private static final Set<RegistryServer> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(LIVE).forEach(RegistryServer::stop),
                "whittle-registry-reaper"));
    }

    private final AuthMode mode;
    private final String host;
    private final int port;
    private final Path root;
    private final Path storage;
    private final Path logFile;
    private final List<Credentials> users;
    private final Optional<TokenIssuer> issuer;
    private final boolean ownsIssuer;
    private final Process process;
    private volatile boolean stopped;

    private RegistryServer(Builder b, TokenIssuer issuer, boolean ownsIssuer, Path root, int port, Process process) {
        this.mode = b.mode;
        this.host = b.host;
        this.port = port;
        this.root = root;
        this.storage = root.resolve("data");
        this.logFile = root.resolve("registry.log");
        this.users = List.copyOf(b.users);
        this.issuer = Optional.ofNullable(issuer);
        this.ownsIssuer = ownsIssuer;
        this.process = process;
    }

    /** A builder for a registry without authentication on 127.0.0.1. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a registry without authentication on 127.0.0.1. */
    public static RegistryServer startNoAuth() {
        return builder().start();
    }

    /** How the registry authenticates clients. */
    public AuthMode mode() {
        return mode;
    }

    /** The loopback address the registry listens on, such as {@code 127.0.0.1}. */
    public String host() {
        return host;
    }

    /** The port the registry listens on. */
    public int port() {
        return port;
    }

    /** {@code host:port}, as it appears in image references. */
    public String hostPort() {
        return host + ":" + port;
    }

    /** {@code http://host:port}, without a trailing slash. */
    public String url() {
        return "http://" + hostPort();
    }

    /** The registry's storage root directory (the filesystem driver's {@code rootdirectory}). */
    public Path storageDir() {
        return storage;
    }

    /**
     * Where the registry keeps the bytes of a blob; tests may overwrite it to make the registry serve content
     * that does not match its digest.
     */
    public Path blobDataFile(Digest digest) {
        return storage.resolve("docker/registry/v2/blobs").resolve(digest.algorithm().prefix())
                .resolve(digest.hex().substring(0, 2)).resolve(digest.hex()).resolve("data");
    }

    /** The registry's log (its stdout and stderr). */
    public Path logFile() {
        return logFile;
    }

    /** The last {@code lines} lines of the log, for failure messages. */
    public String logTail(int lines) {
        return tailOf(logFile, lines);
    }

    /** The users that may log in: the htpasswd users (BASIC) or the issuer's users (TOKEN); empty for NONE. */
    public List<Credentials> users() {
        if (mode == AuthMode.TOKEN) {
            // Read live: tests may reconfigure the issuer's users while the registry runs.
            return issuer.orElseThrow().config().users().stream().map(TokenIssuer.User::credentials).toList();
        }
        return users;
    }

    /** The first user, for tests that need one set of credentials; empty when the registry has no users. */
    public Optional<Credentials> credentials() {
        List<Credentials> all = users();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getFirst());
    }

    /** The token issuer the registry trusts; present in TOKEN mode only. */
    public Optional<TokenIssuer> tokenIssuer() {
        return issuer;
    }

    /** The registry's process id. */
    public long pid() {
        return process.pid();
    }

    /** True until {@link #stop()} or until the process dies. */
    public boolean isRunning() {
        return !stopped && process.isAlive();
    }

    /** Kills the registry process tree, deletes its storage and stops the token issuer it started. Idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        LIVE.remove(this);
        killTree(process);
        if (ownsIssuer) {
            issuer.ifPresent(TokenIssuer::stop);
        }
        Files2.deleteTree(root);
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "RegistryServer[" + url() + ", " + mode + "]";
    }

    private static void killTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The log lines that explain a failure (panics, fatal and error lines), then the log's last lines. */
    String diagnosis() {
        try {
            List<String> all = Files.exists(logFile) ? Files.readAllLines(logFile, StandardCharsets.UTF_8) : List.of();
            List<String> important = all.stream()
                    .filter(l -> l.startsWith("panic:") || l.contains("level=fatal") || l.contains("level=error"))
                    .limit(5).toList();
            List<String> tail = all.subList(Math.max(0, all.size() - 15), all.size());
            List<String> out = new ArrayList<>(important);
            tail.stream().filter(l -> !important.contains(l)).forEach(out::add);
            return out.isEmpty() ? "(the log is empty)" : String.join("\n", out);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    static String tailOf(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no log)";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    /** Chooses the host, port and authentication of a registry, then {@link #start()}s it. */
    public static final class Builder {
        private AuthMode mode = AuthMode.NONE;
        private String host = "127.0.0.1";
        private int port;
        private final List<Credentials> users = new ArrayList<>();
        private TokenIssuer.Config tokenConfig;
        private TokenIssuer sharedIssuer;
        private String logLevel = "info";
        private Optional<String> manifestUrlsAllow = Optional.empty();
        private Duration startTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /** Listen on this loopback address, such as {@code 127.0.0.2} for "another host"; default 127.0.0.1. */
        public Builder host(String loopbackHost) {
            this.host = requireLoopback(loopbackHost);
            return this;
        }

        /** Listen on this port; default 0, a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is out of range: use 0 for a free port or 1-65535");
            }
            this.port = port;
            return this;
        }

        /** No authentication (the default). */
        public Builder noAuth() {
            this.mode = AuthMode.NONE;
            users.clear();
            return this;
        }

        /** HTTP Basic authentication with one user; call {@link #user} to add more. */
        public Builder basic(String username, String password) {
            this.mode = AuthMode.BASIC;
            users.clear();
            users.add(Credentials.of(username, password));
            return this;
        }

        /** Adds a user to a BASIC registry. */
        public Builder user(String username, String password) {
            if (mode != AuthMode.BASIC) {
                throw new IllegalStateException("users belong to BASIC mode: call basic(user, password) first");
            }
            users.add(Credentials.of(username, password));
            return this;
        }

        /** Token authentication with a new {@link TokenIssuer} that the server starts and stops with itself. */
        public Builder token(TokenIssuer.Config config) {
            this.mode = AuthMode.TOKEN;
            this.tokenConfig = Objects.requireNonNull(config, "config");
            this.sharedIssuer = null;
            return this;
        }

        /** Token authentication trusting a running issuer that the caller owns (e.g. shared by two registries). */
        public Builder token(TokenIssuer issuer) {
            this.mode = AuthMode.TOKEN;
            this.sharedIssuer = Objects.requireNonNull(issuer, "issuer");
            this.tokenConfig = null;
            return this;
        }

        /** The registry's log level: error, warn, info (default) or debug. */
        public Builder logLevel(String level) {
            if (!Set.of("error", "warn", "info", "debug").contains(level)) {
                throw new IllegalArgumentException("log level '" + level + "' is not one of error, warn, info, debug");
            }
            this.logLevel = level;
            return this;
        }

        /** Accept manifests whose layers carry {@code urls} matching this regular expression (foreign layers). */
        public Builder allowManifestUrls(String regex) {
            this.manifestUrlsAllow = Optional.of(regex);
            return this;
        }

        /** How long to wait for the registry to answer {@code GET /v2/}; default 30 s. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Starts the registry and waits until {@code GET /v2/} answers 200 or 401.
         *
         * @throws TestkitException when docker-registry is missing or does not come up (with the log's tail)
         */
        public RegistryServer start() {
            Path binary = Peers.require(Peers.DOCKER_REGISTRY, "docker-registry");
            TokenIssuer issuer = sharedIssuer;
            boolean owns = false;
            if (mode == AuthMode.TOKEN && issuer == null) {
                issuer = TokenIssuer.start(tokenConfig);
                owns = true;
            }
            try {
                TestkitException last = null;
                // A free port can be taken between probing and binding; a few tries make that race harmless.
                for (int attempt = 0; attempt < 3; attempt++) {
                    try {
                        return launch(binary, issuer, owns);
                    } catch (PortTakenException e) {
                        last = e;
                        if (port != 0) {
                            break;
                        }
                    }
                }
                throw last;
            } catch (RuntimeException e) {
                if (owns) {
                    issuer.stop();
                }
                throw e;
            }
        }

        private RegistryServer launch(Path binary, TokenIssuer issuer, boolean owns) {
            Path root;
            try {
                root = Files.createTempDirectory("whittle-registry-");
                Files.createDirectories(root.resolve("data"));
            } catch (IOException e) {
                throw new TestkitException("could not create the registry's temporary directory: " + e.getMessage(), e);
            }
            int chosen = port != 0 ? port : freePort(host);
            if (port != 0 && !portIsFree(host, port)) {
                Files2.deleteTree(root);
                throw new TestkitException("port " + port + " on " + host + " is already in use: choose another port"
                        + " or 0 for a free one");
            }
            Process process;
            try {
                Path config = root.resolve("config.yml");
                Files.writeString(config, configYaml(root, chosen, issuer), StandardCharsets.UTF_8);
                Path log = root.resolve("registry.log");
                process = new ProcessBuilder(binary.toString(), "serve", config.toString())
                        .directory(root.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .start();
            } catch (IOException e) {
                Files2.deleteTree(root);
                throw new TestkitException("could not start docker-registry: " + e.getMessage(), e);
            }
            RegistryServer server = new RegistryServer(this, issuer, owns, root, chosen, process);
            LIVE.add(server);
            try {
                awaitReady(server);
            } catch (RuntimeException e) {
                String tail = server.diagnosis();
                server.stopWithoutIssuer();
                if (tail.contains("address already in use")) {
                    throw new PortTakenException("port " + chosen + " on " + host + " is taken: " + tail);
                }
                throw e instanceof TestkitException t ? new TestkitException(t.getMessage() + "\n--- registry log tail ---\n"
                        + tail, t) : e;
            }
            return server;
        }

        private void awaitReady(RegistryServer server) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpRequest ping = HttpRequest.newBuilder(URI.create(server.url() + "/v2/")).timeout(Duration.ofSeconds(2))
                    .GET().build();
            long deadline = System.nanoTime() + startTimeout.toNanos();
            String lastProblem = "no answer yet";
            while (System.nanoTime() < deadline) {
                if (!server.process.isAlive()) {
                    throw new TestkitException("docker-registry exited with " + server.process.exitValue()
                            + " while starting on " + server.hostPort() + ": read its log below");
                }
                try {
                    int status = client.send(ping, HttpResponse.BodyHandlers.discarding()).statusCode();
                    // At info level the registry logs once it has bound its port; waiting for that line makes
                    // sure the answer came from this registry and not from another process on the same port.
                    boolean bound = !logsListening() || Files.exists(server.logFile)
                            && Files.readString(server.logFile).contains("listening on " + server.hostPort());
                    if ((status == 200 || status == 401) && bound) {
                        return;
                    }
                    lastProblem = "GET /v2/ answered " + status;
                } catch (IOException e) {
                    lastProblem = e.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TestkitException("interrupted while waiting for docker-registry to start", e);
                }
                sleep(50);
            }
            throw new TestkitException("docker-registry did not answer GET /v2/ on " + server.hostPort() + " within "
                    + startTimeout.toSeconds() + " s (" + lastProblem + "): read its log below");
        }

        private boolean logsListening() {
            return logLevel.equals("info") || logLevel.equals("debug");
        }

        private String configYaml(Path root, int chosenPort, TokenIssuer issuer) throws IOException {
            StringBuilder y = new StringBuilder();
            y.append("version: 0.1\n");
            y.append("log:\n  level: ").append(logLevel).append("\n  formatter: text\n");
            y.append("  accesslog:\n    disabled: ").append(!"debug".equals(logLevel)).append('\n');
            y.append("storage:\n  filesystem:\n    rootdirectory: ").append(quote(root.resolve("data").toString()))
                    .append('\n');
            y.append("  delete:\n    enabled: true\n");
            y.append("  maintenance:\n    uploadpurging:\n      enabled: false\n");
            y.append("http:\n  addr: ").append(quote(host + ":" + chosenPort)).append('\n');
            y.append("  secret: ").append(quote(HexFormat.of().formatHex(randomBytes(16)))).append('\n');
            y.append("health:\n  storagedriver:\n    enabled: false\n");
            manifestUrlsAllow.ifPresent(r -> y.append("validation:\n  manifests:\n    urls:\n      allow:\n        - ")
                    .append(quote(r)).append('\n'));
            switch (mode) {
                case NONE -> {
                }
                case BASIC -> {
                    Path htpasswd = root.resolve("htpasswd");
                    StringBuilder lines = new StringBuilder();
                    for (Credentials c : users) {
                        lines.append(c.username()).append(':').append(bcrypt(c.password())).append('\n');
                    }
                    Files.writeString(htpasswd, lines, StandardCharsets.UTF_8);
                    y.append("auth:\n  htpasswd:\n    realm: whittle-test\n    path: ").append(quote(htpasswd.toString()))
                            .append('\n');
                }
                case TOKEN -> {
                    Path bundle = root.resolve("token-ca.pem");
                    Files.writeString(bundle, issuer.certificatePem(), StandardCharsets.US_ASCII);
                    y.append("auth:\n  token:\n    realm: ").append(quote(issuer.realm())).append('\n');
                    y.append("    service: ").append(quote(issuer.config().service())).append('\n');
                    y.append("    issuer: ").append(quote(issuer.config().issuer())).append('\n');
                    y.append("    rootcertbundle: ").append(quote(bundle.toString())).append('\n');
                }
            }
            return y.toString();
        }
    }

    private void stopWithoutIssuer() {
        stopped = true;
        LIVE.remove(this);
        killTree(process);
        Files2.deleteTree(root);
    }

    /** Thrown inside the builder when the chosen port turned out to be taken, so that another is tried. */
    private static final class PortTakenException extends TestkitException {
        PortTakenException(String message) {
            super(message);
        }
    }

    static String requireLoopback(String host) {
        Objects.requireNonNull(host, "host");
        try {
            InetAddress a = InetAddress.getByName(host);
            if (!a.isLoopbackAddress()) {
                throw new IllegalArgumentException("'" + host + "' is not a loopback address: test servers listen on"
                        + " 127.0.0.0/8 only, e.g. 127.0.0.1 or 127.0.0.2");
            }
            return host;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("'" + host + "' does not resolve: use a loopback address such as 127.0.0.1");
        }
    }

    static int freePort(String host) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }

    private static boolean portIsFree(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String bcrypt(String password) {
        // Cost 5 keeps start-up fast; Go's bcrypt accepts any cost from 4 up and the 2y prefix htpasswd writes.
        return OpenBSDBCrypt.generate("2y", password.toCharArray(), randomBytes(16), 5);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestkitException("interrupted", e);
        }
    }
}
