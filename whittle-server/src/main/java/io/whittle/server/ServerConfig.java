package io.whittle.server;

import io.whittle.platform.db.DatabaseConfig;
import io.whittle.platform.secret.SecretValue;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run a server. The defaults suit one person trying it on their machine: port 8080 on loopback only, the
 * embedded H2 database and the key file in the data directory. A team binds to {@code 0.0.0.0} (behind TLS, with
 * {@link #publicUrl} set to the https address so that cookies are marked Secure), and points
 * {@link #databaseUrl} at PostgreSQL. Prints without passwords.
 *
 * @param bindAddress the interface to listen on: {@code 127.0.0.1} (default) or {@code 0.0.0.0} for a team
 * @param dataDir where the embedded database and the secret key file live
 * @param databaseUrl a {@code jdbc:postgresql://host:port/db} URL; empty for the embedded database in {@code dataDir}
 * @param outboundAllowList hosts and address blocks that connectors may reach although they are loopback or private
 *        (everything non-public is denied otherwise; metadata endpoints always are)
 * @param publicUrl the address users reach the server at, for printed links and the cookies' Secure flag;
 *        empty: {@code http://<bind address>:<port>}
 * @param secretKeys the value of {@code WHITTLE_SECRET_KEY}, which replaces the key file when set
 * @param initialAdmin the first administrator to create when there is none (from {@code WHITTLE_ADMIN_USER} and
 *        {@code WHITTLE_ADMIN_PASSWORD}); without it, the server prints a one-time setup link
 */
public record ServerConfig(int port, String bindAddress, Path dataDir, Optional<String> databaseUrl,
                           Optional<String> databaseUser, Optional<SecretValue> databasePassword,
                           List<String> outboundAllowList, Optional<URI> publicUrl, int jobThreads,
                           Optional<SecretValue> secretKeys, Optional<InitialAdmin> initialAdmin,
                           Duration sessionIdleTimeout, Duration sessionLifetime) {

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_JOB_THREADS = 4;
    public static final Duration DEFAULT_SESSION_IDLE = Duration.ofHours(8);
    public static final Duration DEFAULT_SESSION_LIFETIME = Duration.ofDays(7);

    /** The administrator to create on first start; prints without the password. */
    public record InitialAdmin(String username, SecretValue password) {
        public InitialAdmin {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }
    }

    public ServerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("The port " + port + " is not a TCP port: use 1 to 65535, or 0 for any free one.");
        }
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (bindAddress.isBlank()) {
            throw new IllegalArgumentException("The bind address is empty: use 127.0.0.1, or 0.0.0.0 for every interface.");
        }
        dataDir = Objects.requireNonNull(dataDir, "dataDir").toAbsolutePath().normalize();
        Objects.requireNonNull(databaseUrl, "databaseUrl");
        Objects.requireNonNull(databaseUser, "databaseUser");
        Objects.requireNonNull(databasePassword, "databasePassword");
        outboundAllowList = List.copyOf(outboundAllowList);
        Objects.requireNonNull(publicUrl, "publicUrl");
        publicUrl.ifPresent(u -> {
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("The public URL " + u + " is not an http(s) address: give one "
                        + "such as https://whittle.example.com.");
            }
        });
        if (jobThreads < 1 || jobThreads > 64) {
            throw new IllegalArgumentException("Job worker threads must be 1 to 64, not " + jobThreads + ".");
        }
        Objects.requireNonNull(secretKeys, "secretKeys");
        Objects.requireNonNull(initialAdmin, "initialAdmin");
        Objects.requireNonNull(sessionIdleTimeout, "sessionIdleTimeout");
        Objects.requireNonNull(sessionLifetime, "sessionLifetime");
    }

    /** The defaults, with data in {@code dataDir}. */
    public static ServerConfig defaults(Path dataDir) {
        return new ServerConfig(DEFAULT_PORT, DEFAULT_BIND, dataDir, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), Optional.empty(), DEFAULT_JOB_THREADS, Optional.empty(), Optional.empty(),
                DEFAULT_SESSION_IDLE, DEFAULT_SESSION_LIFETIME);
    }

    /**
     * The configuration the environment describes, over the defaults: {@code WHITTLE_PORT}, {@code WHITTLE_BIND},
     * {@code WHITTLE_DATA_DIR} (else {@code $XDG_DATA_HOME/whittle}, else {@code ~/.local/share/whittle}),
     * {@code WHITTLE_DATABASE_URL}, {@code WHITTLE_DATABASE_USER}, {@code WHITTLE_DATABASE_PASSWORD},
     * {@code WHITTLE_OUTBOUND_ALLOW} (comma-separated hosts and CIDR blocks), {@code WHITTLE_PUBLIC_URL},
     * {@code WHITTLE_JOB_THREADS}, {@code WHITTLE_SECRET_KEY}, {@code WHITTLE_ADMIN_USER} and
     * {@code WHITTLE_ADMIN_PASSWORD}. Command-line options then override with the {@code with…} methods.
     */
    public static ServerConfig fromEnvironment(Map<String, String> env) {
        ServerConfig c = defaults(defaultDataDir(env));
        Optional<String> port = value(env, "WHITTLE_PORT");
        if (port.isPresent()) {
            c = c.withPort(parseInt("WHITTLE_PORT", port.get()));
        }
        c = c.withBindAddress(value(env, "WHITTLE_BIND").orElse(DEFAULT_BIND));
        Optional<String> threads = value(env, "WHITTLE_JOB_THREADS");
        Optional<String> adminUser = value(env, "WHITTLE_ADMIN_USER");
        Optional<String> adminPassword = value(env, "WHITTLE_ADMIN_PASSWORD");
        if (adminUser.isPresent() != adminPassword.isPresent()) {
            throw new IllegalArgumentException("Set both WHITTLE_ADMIN_USER and WHITTLE_ADMIN_PASSWORD, or neither.");
        }
        return new ServerConfig(c.port(), c.bindAddress(), c.dataDir(), value(env, "WHITTLE_DATABASE_URL"),
                value(env, "WHITTLE_DATABASE_USER"), value(env, "WHITTLE_DATABASE_PASSWORD").map(SecretValue::of),
                value(env, "WHITTLE_OUTBOUND_ALLOW").map(ServerConfig::splitList).orElse(List.of()),
                value(env, "WHITTLE_PUBLIC_URL").map(ServerConfig::parseUrl),
                threads.map(t -> parseInt("WHITTLE_JOB_THREADS", t)).orElse(DEFAULT_JOB_THREADS),
                value(env, "WHITTLE_SECRET_KEY").map(SecretValue::of),
                adminUser.map(u -> new InitialAdmin(u, SecretValue.of(adminPassword.orElseThrow()))),
                DEFAULT_SESSION_IDLE, DEFAULT_SESSION_LIFETIME);
    }

    public ServerConfig withPort(int p) {
        return new ServerConfig(p, bindAddress, dataDir, databaseUrl, databaseUser, databasePassword, outboundAllowList,
                publicUrl, jobThreads, secretKeys, initialAdmin, sessionIdleTimeout, sessionLifetime);
    }

    public ServerConfig withBindAddress(String address) {
        return new ServerConfig(port, address, dataDir, databaseUrl, databaseUser, databasePassword, outboundAllowList,
                publicUrl, jobThreads, secretKeys, initialAdmin, sessionIdleTimeout, sessionLifetime);
    }

    public ServerConfig withDataDir(Path dir) {
        return new ServerConfig(port, bindAddress, dir, databaseUrl, databaseUser, databasePassword, outboundAllowList,
                publicUrl, jobThreads, secretKeys, initialAdmin, sessionIdleTimeout, sessionLifetime);
    }

    /** PostgreSQL at {@code url} (a password may also be given as the URL's {@code password=} parameter). */
    public ServerConfig withDatabase(String url, Optional<String> user, Optional<SecretValue> password) {
        return new ServerConfig(port, bindAddress, dataDir, Optional.of(url), user, password, outboundAllowList,
                publicUrl, jobThreads, secretKeys, initialAdmin, sessionIdleTimeout, sessionLifetime);
    }

    public ServerConfig withOutboundAllowList(List<String> entries) {
        return new ServerConfig(port, bindAddress, dataDir, databaseUrl, databaseUser, databasePassword, entries,
                publicUrl, jobThreads, secretKeys, initialAdmin, sessionIdleTimeout, sessionLifetime);
    }

    public ServerConfig withPublicUrl(URI url) {
        return new ServerConfig(port, bindAddress, dataDir, databaseUrl, databaseUser, databasePassword, outboundAllowList,
                Optional.of(url), jobThreads, secretKeys, initialAdmin, sessionIdleTimeout, sessionLifetime);
    }

    public ServerConfig withJobThreads(int n) {
        return new ServerConfig(port, bindAddress, dataDir, databaseUrl, databaseUser, databasePassword, outboundAllowList,
                publicUrl, n, secretKeys, initialAdmin, sessionIdleTimeout, sessionLifetime);
    }

    public ServerConfig withInitialAdmin(String username, SecretValue password) {
        return new ServerConfig(port, bindAddress, dataDir, databaseUrl, databaseUser, databasePassword, outboundAllowList,
                publicUrl, jobThreads, secretKeys, Optional.of(new InitialAdmin(username, password)), sessionIdleTimeout,
                sessionLifetime);
    }

    public ServerConfig withSessionTimeouts(Duration idle, Duration lifetime) {
        return new ServerConfig(port, bindAddress, dataDir, databaseUrl, databaseUser, databasePassword, outboundAllowList,
                publicUrl, jobThreads, secretKeys, initialAdmin, idle, lifetime);
    }

    /** The database to open: PostgreSQL (or H2) at {@link #databaseUrl}, else the embedded one in the data directory. */
    public DatabaseConfig database() {
        DatabaseConfig db = databaseUrl.map(u -> DatabaseConfig.fromUrl(u, databaseUser, databasePassword))
                .orElseGet(() -> DatabaseConfig.embedded(dataDir));
        // Request threads, job workers and the scheduler's polling share the pool.
        return db.withMaxPoolSize(Math.max(db.maxPoolSize(), jobThreads + 6));
    }

    /** Whether cookies are marked Secure: when users reach the server over https. */
    public boolean secureCookies() {
        return publicUrl.map(u -> "https".equals(u.getScheme())).orElse(false);
    }

    @Override
    public String toString() {
        return "ServerConfig[" + bindAddress + ":" + port + ", dataDir=" + dataDir + ", database="
                + database().redactedUrl() + ", outboundAllowList=" + outboundAllowList + ", publicUrl="
                + publicUrl.map(URI::toString).orElse("-") + ", jobThreads=" + jobThreads
                + ", initialAdmin=" + initialAdmin.map(InitialAdmin::username).orElse("-") + "]";
    }

    private static Path defaultDataDir(Map<String, String> env) {
        Optional<String> dir = value(env, "WHITTLE_DATA_DIR");
        if (dir.isPresent()) {
            return Path.of(dir.get());
        }
        Optional<String> xdg = value(env, "XDG_DATA_HOME");
        if (xdg.isPresent()) {
            return Path.of(xdg.get(), "whittle");
        }
        String home = value(env, "HOME").orElse(System.getProperty("user.home"));
        return Path.of(home, ".local", "share", "whittle");
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    private static int parseInt(String name, String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + "='" + text + "' is not a whole number: set a number such as "
                    + (name.contains("PORT") ? "8080" : "4") + ".");
        }
    }

    private static URI parseUrl(String text) {
        try {
            return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("WHITTLE_PUBLIC_URL='" + text + "' is not a URL: give one such as "
                    + "https://whittle.example.com.");
        }
    }

    private static List<String> splitList(String text) {
        return Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
    }
}
