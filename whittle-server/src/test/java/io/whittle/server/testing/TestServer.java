package io.whittle.server.testing;

import io.whittle.platform.account.PasswordHasher;
import io.whittle.platform.account.Role;
import io.whittle.platform.account.User;
import io.whittle.platform.db.DatabaseConfig;
import io.whittle.platform.job.JobHandler;
import io.whittle.platform.job.JobsConfig;
import io.whittle.platform.org.Organization;
import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.testing.BothDatabases;
import io.whittle.platform.testing.TestDatabase;
import io.whittle.server.ServerConfig;
import io.whittle.server.Services;
import io.whittle.server.WhittleServer;
import io.whittle.server.auth.SessionCookie;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@link WhittleServer} for a test: on port 0 of loopback, on a fresh H2 database in a temporary data
 * directory (or a fresh PostgreSQL database), with 127.0.0.1 on the outbound allow-list (so connectors reach the
 * test registries), fast password hashing and quick job polling. Creates users, organizations and tokens directly
 * through the services, and gives {@link Client}s that call it over HTTP as one of them. Closing it stops the server
 * and deletes its data.
 *
 * <pre>{@code
 * try (TestServer server = TestServer.start()) {
 *     TestUser alice = server.user("alice");
 *     server.as(alice).get("/api/v1/me").expect(200);
 * }
 * }</pre>
 */
public final class TestServer implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern SETUP_LINK = Pattern.compile("/setup\\?token=([A-Za-z0-9_-]+)");

    private final TestDatabase database;
    private final boolean ownsDatabase;
    private final Path dataDir;
    private final Path tempDir;
    private final ServerConfig config;
    private final WhittleServer.Options options;
    private final ByteArrayOutputStream console;
    private WhittleServer server;

    private TestServer(TestDatabase database, boolean ownsDatabase, UnaryOperator<ServerConfig> configure,
                       UnaryOperator<WhittleServer.Options> optionsChange) {
        this.database = database;
        this.ownsDatabase = ownsDatabase;
        try {
            this.tempDir = Files.createTempDirectory("whittle-server-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.dataDir = database.dataDir().orElse(tempDir.resolve("data"));
        ServerConfig c = ServerConfig.defaults(dataDir).withPort(0)
                .withOutboundAllowList(List.of("127.0.0.1")).withJobThreads(2);
        if (database.kind() == DatabaseConfig.Kind.POSTGRESQL) {
            DatabaseConfig pg = database.config();
            c = c.withDatabase(pg.jdbcUrl(), pg.user(), pg.password());
        }
        this.config = configure.apply(c);
        this.console = new ByteArrayOutputStream();
        this.options = optionsChange.apply(WhittleServer.Options.defaults()
                .withConsole(new PrintStream(console, true, StandardCharsets.UTF_8))
                .withPasswordHasher(PasswordHasher.forTests())
                .withJobs(JobsConfig.defaults().withThreads(2).withPollingInterval(Duration.ofMillis(100))));
        boot();
    }

    /** A server on a fresh H2 database. */
    public static TestServer start() {
        return builder().start();
    }

    /** A server on a fresh database of {@code kind}. */
    public static TestServer start(DatabaseConfig.Kind kind) {
        return builder().kind(kind).start();
    }

    /** A server on {@code db} (from {@code @DatabaseTest}); the test's extension removes the database afterwards. */
    public static TestServer on(TestDatabase db) {
        return builder().database(db).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options for {@link #builder()}: the database, the configuration, the clock, extra job handlers. */
    public static final class Builder {
        private DatabaseConfig.Kind kind = DatabaseConfig.Kind.H2;
        private TestDatabase database;
        private UnaryOperator<ServerConfig> configure = UnaryOperator.identity();
        private UnaryOperator<WhittleServer.Options> options = UnaryOperator.identity();

        public Builder kind(DatabaseConfig.Kind k) {
            this.kind = k;
            return this;
        }

        /** An existing test database, which the caller closes. */
        public Builder database(TestDatabase db) {
            this.database = db;
            return this;
        }

        /** Changes the configuration (port 0, the data directory, allow-list 127.0.0.1, two job threads). */
        public Builder config(UnaryOperator<ServerConfig> change) {
            UnaryOperator<ServerConfig> before = configure;
            this.configure = c -> change.apply(before.apply(c));
            return this;
        }

        public Builder clock(Clock clock) {
            return options(o -> o.withClock(clock));
        }

        public Builder jobs(JobsConfig jobs) {
            return options(o -> o.withJobs(jobs));
        }

        public Builder jobHandlers(List<JobHandler> handlers) {
            return options(o -> o.withExtraJobHandlers(handlers));
        }

        public Builder options(UnaryOperator<WhittleServer.Options> change) {
            UnaryOperator<WhittleServer.Options> before = options;
            this.options = o -> change.apply(before.apply(o));
            return this;
        }

        public TestServer start() {
            boolean owns = database == null;
            TestDatabase db = owns ? BothDatabases.open(kind) : database;
            try {
                return new TestServer(db, owns, configure, options);
            } catch (RuntimeException | Error e) {
                if (owns) {
                    db.close();
                }
                throw e;
            }
        }
    }

    private void boot() {
        server = new WhittleServer(config, options).start();
    }

    /** Stops the server and starts a new one on the same database and key (it gets a new port). */
    public TestServer restart() {
        server.close();
        boot();
        return this;
    }

    public WhittleServer server() {
        return server;
    }

    public Services services() {
        return server.services();
    }

    /** Where the tests reach the server: its local address (the public URL may name a proxy in front). */
    public URI baseUrl() {
        return server.localUrl();
    }

    public ServerConfig config() {
        return config;
    }

    public DatabaseConfig.Kind kind() {
        return database.kind();
    }

    /** The test database (for scanning its files or tables). */
    public TestDatabase database() {
        return database;
    }

    /** The server's data directory (the H2 files and the key file). */
    public Path dataDir() {
        return dataDir;
    }

    /** What the server printed on its console (the setup link). */
    public String consoleOutput() {
        return console.toString(StandardCharsets.UTF_8);
    }

    /** The token of the last setup link the server printed. */
    public Optional<String> setupToken() {
        Matcher m = SETUP_LINK.matcher(consoleOutput());
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return Optional.ofNullable(last);
    }

    // ---- accounts --------------------------------------------------------------------------------------------

    /** A new user (not an administrator) with a unique random password, and their personal organization. */
    public TestUser user(String username) {
        return create(username, false);
    }

    /** A new server administrator. */
    public TestUser admin(String username) {
        return create(username, true);
    }

    private TestUser create(String username, boolean admin) {
        String password = "pw-" + username + "-" + random(8);
        User u = services().accounts().createUser(username, username, password.toCharArray(), admin);
        return new TestUser(u, password);
    }

    /** A shared organization owned by {@code owner}. */
    public Organization organization(TestUser owner, String slug) {
        return services().memberships().createShared(owner.user().id(), slug, slug);
    }

    /** Makes {@code user} a member of {@code org} with {@code role}. */
    public void member(Organization org, TestUser user, Role role) {
        services().memberships().add(org.id(), user.username(), role);
    }

    /** An API token of {@code user} in their personal organization. */
    public String token(TestUser user) {
        return token(user, user.personalOrganization(), Optional.empty());
    }

    /** An API token of {@code user} in {@code org}. */
    public String token(TestUser user, Organization org) {
        return token(user, org.id(), Optional.empty());
    }

    public String token(TestUser user, OrganizationId org, Optional<Instant> expiresAt) {
        return services().tokens().create(user.user().id(), org, "test-" + random(4), expiresAt).secret();
    }

    // ---- clients ---------------------------------------------------------------------------------------------

    /** No credentials. */
    public Client anonymous() {
        return new Client(this::baseUrl, Map.of(), Optional.empty());
    }

    /** {@code user} with a fresh API token in their personal organization. */
    public Client as(TestUser user) {
        return withToken(token(user));
    }

    /** {@code user} with a fresh API token in {@code org}. */
    public Client as(TestUser user, Organization org) {
        return withToken(token(user, org));
    }

    public Client withToken(String token) {
        return anonymous().withToken(token);
    }

    /** {@code user} signed in through {@code POST /api/v1/session}: the session cookie and its CSRF token. */
    public Client signIn(TestUser user) {
        Response r = anonymous().post("/api/v1/session", Map.of("username", user.username(),
                "password", user.password())).expect(200);
        String cookie = r.headers().allValues("Set-Cookie").stream()
                .filter(v -> v.startsWith(SessionCookie.NAME + "="))
                .findFirst().orElseThrow(() -> new AssertionError("sign-in set no session cookie: " + r.headers()));
        String secret = cookie.substring(SessionCookie.NAME.length() + 1, cookie.indexOf(';'));
        return anonymous().withSession(secret, r.text("csrfToken"));
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (ownsDatabase) {
                database.close();
            }
            BothDatabases.deleteTree(tempDir);
        }
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
