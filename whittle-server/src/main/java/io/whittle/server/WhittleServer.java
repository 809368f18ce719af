package io.whittle.server;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.whittle.connector.ConnectorService;
import io.whittle.connector.ProviderContext;
import io.whittle.connector.StandardProviders;
import io.whittle.connector.ecr.EcrProvider;
import io.whittle.platform.account.AccountStore;
import io.whittle.platform.account.ApiTokens;
import io.whittle.platform.account.Memberships;
import io.whittle.platform.account.PasswordHasher;
import io.whittle.platform.account.Sessions;
import io.whittle.platform.account.Setup;
import io.whittle.platform.connector.ConnectorStore;
import io.whittle.platform.connector.StoredSecretReader;
import io.whittle.platform.db.Database;
import io.whittle.platform.job.JobHandler;
import io.whittle.platform.job.JobService;
import io.whittle.platform.job.JobsConfig;
import io.whittle.platform.org.OrganizationStore;
import io.whittle.platform.secret.EnvironmentKeys;
import io.whittle.platform.secret.KeySources;
import io.whittle.platform.secret.SecretCipher;
import io.whittle.platform.secret.SecretValue;
import io.whittle.registry.RetryPolicy;
import io.whittle.registry.Timeouts;
import io.whittle.registry.Version;
import io.whittle.registry.net.OutboundPolicy;
import io.whittle.server.api.system.ApiDocsResource;
import io.whittle.server.auth.PrincipalAuthenticator;
import io.whittle.server.auth.SignInLimiter;
import io.whittle.server.http.ApiResource;
import io.whittle.server.http.ApiRoute;
import io.whittle.server.http.ExceptionMapping;
import io.whittle.server.http.Json;
import io.whittle.server.http.RequestTracking;
import io.whittle.server.http.Routes;
import io.whittle.server.logging.ServerLogging;
import io.whittle.server.metrics.JobMetrics;
import io.whittle.server.metrics.ServerMetrics;
import io.whittle.server.web.WebUi;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform server: opens the database (migrating it), the secret key, the connector service under the server's
 * outbound policy (loopback, private, link-local and metadata addresses denied unless allow-listed), the accounts,
 * and the job workers; serves the REST API with Javalin; and on a first start without an administrator creates the
 * one the configuration names or prints a one-time setup link. {@link #close()} stops in reverse: HTTP first (no new
 * requests), then the job workers (running jobs finish or are handed back to the queue), then the database.
 *
 * <pre>{@code
 * WhittleServer server = new WhittleServer(ServerConfig.fromEnvironment(System.getenv()));
 * server.start().closeOnShutdown().awaitStop();   // returns once Ctrl-C or SIGTERM closed it
 * }
 * }</pre>
 */
public final class WhittleServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WhittleServer.class);

    /** What a server is built with besides its configuration; tests replace the clock, console and hasher. */
    public record Options(Clock clock, PrintStream console, PasswordHasher passwordHasher, Optional<JobsConfig> jobs,
                          List<JobHandler> extraJobHandlers) {
        public Options {
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(console, "console");
            Objects.requireNonNull(passwordHasher, "passwordHasher");
            Objects.requireNonNull(jobs, "jobs");
            extraJobHandlers = List.copyOf(extraJobHandlers);
        }

        /** The system clock, standard output for the setup link, Argon2id at its standard cost. */
        public static Options defaults() {
            return new Options(Clock.systemUTC(), System.out, PasswordHasher.standard(), Optional.empty(), List.of());
        }

        public Options withClock(Clock c) {
            return new Options(c, console, passwordHasher, jobs, extraJobHandlers);
        }

        public Options withConsole(PrintStream out) {
            return new Options(clock, out, passwordHasher, jobs, extraJobHandlers);
        }

        public Options withPasswordHasher(PasswordHasher h) {
            return new Options(clock, console, h, jobs, extraJobHandlers);
        }

        public Options withJobs(JobsConfig config) {
            return new Options(clock, console, passwordHasher, Optional.of(config), extraJobHandlers);
        }

        public Options withExtraJobHandlers(List<JobHandler> handlers) {
            return new Options(clock, console, passwordHasher, jobs, handlers);
        }
    }

    private final ServerConfig config;
    private final Options options;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private Database database;
    private ProviderContext providerContext;
    private Services services;
    private JobService jobs;
    private volatile boolean jobsRunning;
    private Javalin http;
    private Routes routes;
    private boolean started;
    private boolean closed;

    public WhittleServer(ServerConfig config) {
        this(config, Options.defaults());
    }

    public WhittleServer(ServerConfig config, Options options) {
        this.config = Objects.requireNonNull(config, "config");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Opens everything and starts serving. Fails with one sentence (and nothing left open) when the database cannot
     * be reached or migrated, the key cannot be read, or the port is taken.
     */
    public synchronized WhittleServer start() {
        if (started) {
            throw new IllegalStateException("This server was started already.");
        }
        started = true;
        try {
            open();
        } catch (RuntimeException | Error e) {
            closeQuietly();
            throw e;
        }
        return this;
    }

    private void open() {
        Clock clock = options.clock();
        ServerLogging.activate();
        LOG.info("Starting Whittle {} with {}", Version.current(), config);
        database = Database.open(config.database());
        opened.add(database);
        Map<String, String> keyEnv = config.secretKeys()
                .map(k -> Map.of(EnvironmentKeys.VARIABLE, k.reveal())).orElse(Map.of());
        SecretCipher cipher = new SecretCipher(KeySources.forDataDir(config.dataDir(), keyEnv));
        providerContext = ProviderContext.create(OutboundPolicy.server(config.outboundAllowList()), Timeouts.defaults(),
                RetryPolicy.defaults(), Version.userAgent());
        opened.add(providerContext.rest());
        ConnectorService connectors = new ConnectorService(new ConnectorStore(database, cipher),
                new StoredSecretReader(database, cipher), StandardProviders.all(EcrProvider.withEnvironmentIdentity()),
                providerContext);
        AccountStore accounts = new AccountStore(database, clock, options.passwordHasher());
        services = new Services(config, clock, database, new OrganizationStore(database, clock), accounts,
                new Memberships(database, clock), new ApiTokens(database, clock),
                new Sessions(database, clock, config.sessionIdleTimeout(), config.sessionLifetime()),
                new Setup(database, clock, accounts), providerContext, connectors, new ServerMetrics());

        List<JobHandler> handlers = new ArrayList<>(Components.jobHandlers(services));
        handlers.addAll(options.extraJobHandlers());
        jobs = new JobService(database, clock, handlers,
                options.jobs().orElseGet(() -> JobsConfig.defaults().withThreads(config.jobThreads())));
        opened.add(jobs);
        jobs.addListener(new JobMetrics(services.metrics(), database));

        SignInLimiter limiter = SignInLimiter.standard(clock); // one count of failed sign-ins for the API and pages
        List<ApiResource> resources = new ArrayList<>(
                Components.apiResources(services, jobs, () -> jobsRunning && jobs.running(), limiter));
        WebUi webUi = Components.webUi(services, jobs, limiter);
        ApiDocsResource docs = new ApiDocsResource(Version.current());
        resources.add(docs);
        AtomicReference<Routes> built = new AtomicReference<>();
        http = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
            cfg.http.prefer405over404 = true;
            cfg.http.maxRequestSize = 2_000_000;
            cfg.jetty.modifyHttpConfiguration(h -> h.setSendServerVersion(false));
            ExceptionMapping.install(cfg.routes, webUi::respondNotFound);
            new RequestTracking(services.metrics()).install(cfg);
            Routes r = new Routes(cfg.routes, new PrincipalAuthenticator(services.tokens(), services.sessions(),
                    services.accounts(), services.memberships()));
            resources.forEach(resource -> resource.register(r));
            webUi.register(r);
            built.set(r);
        });
        routes = built.get();
        opened.add(() -> http.stop());

        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "whittle-housekeeping");
            t.setDaemon(true);
            return t;
        });
        opened.add(housekeeping::shutdownNow);
        housekeeping.scheduleWithFixedDelay(this::purgeSessions, 1, 60, TimeUnit.MINUTES);

        jobs.start();
        jobsRunning = true;
        http.start(config.bindAddress(), config.port());
        LOG.info("Whittle serves {} (listening on {}:{}).", baseUrl(), config.bindAddress(), port());
        firstAdministrator();
    }

    /** Deletes ended sessions, which are refused anyway, so the table does not grow with every sign-in. */
    private void purgeSessions() {
        try {
            int n = services.sessions().purgeExpired();
            if (n > 0) {
                LOG.info("Removed {} ended browser sessions.", n);
            }
        } catch (RuntimeException e) {
            LOG.warn("Removing ended browser sessions failed; will try again in an hour: {}", e.getMessage());
        }
    }

    /**
     * The administrator the configuration names (created, or checked to be an administrator), else, while there is
     * no administrator, a one-time setup link on the console: not in the log, which is kept and shipped elsewhere.
     */
    private void firstAdministrator() {
        Optional<ServerConfig.InitialAdmin> admin = config.initialAdmin();
        if (admin.isPresent()) {
            SecretValue password = admin.get().password();
            services.setup().ensureAdmin(admin.get().username(), password.reveal().toCharArray())
                    .ifPresent(u -> LOG.info("Created the administrator '{}' named by WHITTLE_ADMIN_USER.", u.username()));
            return;
        }
        if (!services.accounts().anyAdmin()) {
            services.setup().issueSetupToken().ifPresent(token -> {
                options.console().println("Whittle has no administrator yet. Open this link within 24 hours to "
                        + "create one (it works once): " + baseUrl() + "/setup?token=" + token);
                options.console().flush();
                LOG.info("No administrator yet: printed a one-time setup link to the console.");
            });
        }
    }

    /** The port the server listens on (the one chosen when configured with port 0). */
    public int port() {
        requireStarted();
        return http.port();
    }

    /** Where users reach the server: the configured public URL, else {@code http://<bind address>:<port>}. */
    public URI baseUrl() {
        requireStarted();
        return config.publicUrl().orElseGet(() -> {
            String host = config.bindAddress();
            if (host.equals("0.0.0.0") || host.equals("::")) {
                return URI.create("http://localhost:" + port());
            }
            return localUrl();
        });
    }

    /** Where this machine reaches the server directly, whatever the public URL: {@code http://<address>:<port>}. */
    public URI localUrl() {
        requireStarted();
        String host = config.bindAddress();
        if (host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        } else if (host.equals("::")) {
            host = "[::1]";
        } else if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port());
    }

    public ServerConfig config() {
        return config;
    }

    /** The running services, for the code that embeds the server (and tests that seed data). */
    public Services services() {
        requireStarted();
        return services;
    }

    public JobService jobs() {
        requireStarted();
        return jobs;
    }

    /** Every route, as the API document describes it. */
    public List<ApiRoute> routes() {
        requireStarted();
        return routes.routes();
    }

    /** The web UI's routes ({@code "GET /registries"}): served, but not part of the API document. */
    public List<String> pageRoutes() {
        requireStarted();
        return routes.pages();
    }

    /** The Javalin application, for tests that compare what Javalin serves with {@link #routes()}. */
    public Javalin http() {
        requireStarted();
        return http;
    }

    /** Closes the server when the JVM is asked to stop (Ctrl-C, SIGTERM from an orchestrator). */
    public WhittleServer closeOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "whittle-shutdown"));
        return this;
    }

    /** Blocks until the server is closed (from another thread or a shutdown hook). */
    public void awaitStop() throws InterruptedException {
        synchronized (this) {
            while (!closed) {
                wait();
            }
        }
    }

    /** Stops HTTP, then the job workers, then closes the database; safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        LOG.info("Stopping Whittle.");
        closeQuietly();
        closed = true;
        notifyAll();
    }

    private void closeQuietly() {
        jobsRunning = false;
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed: {}", opened.get(i).getClass().getSimpleName(), e.getMessage());
            }
        }
        opened.clear();
    }

    private void requireStarted() {
        if (!started || http == null) {
            throw new IllegalStateException("The server is not started: call start() first.");
        }
    }
}
