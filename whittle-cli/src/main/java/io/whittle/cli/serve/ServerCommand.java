package io.whittle.cli.serve;

import io.whittle.cli.ExitCode;
import io.whittle.cli.UsageException;
import io.whittle.cli.Whittle;
import io.whittle.server.ServerConfig;
import io.whittle.server.WhittleServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code whittle server}: runs the platform server (REST API, accounts, connectors, jobs) until stopped. Options
 * override the {@code WHITTLE_*} environment, which overrides the defaults; secrets (the database password, the
 * first administrator's password, the secret key) come only from the environment, never from the command line.
 */
@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = Whittle.VersionProvider.class,
        description = {"Run the Whittle platform server: REST API under /api/v1, API document at /api/docs, health at"
                + " /healthz and /readyz, metrics at /metrics.",
                "Data (the embedded H2 database and the secret key) is kept in --data-dir unless --database-url names a"
                        + " PostgreSQL database. Secrets come from the environment: WHITTLE_DATABASE_PASSWORD,"
                        + " WHITTLE_ADMIN_USER + WHITTLE_ADMIN_PASSWORD (first administrator), WHITTLE_SECRET_KEY.",
                "Stop it with Ctrl-C or SIGTERM: requests finish, running jobs are handed back to the queue."})
public final class ServerCommand implements Callable<Integer> {

    @ParentCommand
    Whittle whittle;

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port (default: $WHITTLE_PORT, else 8080; 0 picks a"
            + " free one).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: $WHITTLE_BIND, else"
            + " 127.0.0.1; 0.0.0.0 for a team).")
    String bind;

    @Option(names = "--database-url", paramLabel = "JDBC-URL", description = "PostgreSQL database, e.g."
            + " jdbc:postgresql://db:5432/whittle (default: $WHITTLE_DATABASE_URL, else H2 in the data directory).")
    String databaseUrl;

    @Option(names = "--database-user", paramLabel = "USER", description = "Database user (default:"
            + " $WHITTLE_DATABASE_USER).")
    String databaseUser;

    @Option(names = "--allow", paramLabel = "HOST|CIDR", description = "Let connectors reach this host or range even"
            + " though it is private or loopback (repeatable; default: $WHITTLE_OUTBOUND_ALLOW). Metadata addresses"
            + " stay denied.")
    List<String> allow = new ArrayList<>();

    @Option(names = "--public-url", paramLabel = "URL", description = "The address users reach the server at, for links"
            + " and Secure cookies (default: $WHITTLE_PUBLIC_URL).")
    String publicUrl;

    @Option(names = "--job-threads", paramLabel = "N", description = "Jobs run at once (default: $WHITTLE_JOB_THREADS,"
            + " else 4).")
    Integer jobThreads;

    public ServerCommand() {
    }

    @Override
    public Integer call() throws Exception {
        ServerConfig config = config();
        try (WhittleServer server = new WhittleServer(config)) {
            server.start().closeOnShutdown();
            whittle.io().out().println("Whittle server listening on " + server.baseUrl() + " (API document: "
                    + server.baseUrl() + "/api/docs). Stop it with Ctrl-C.");
            whittle.io().out().flush();
            server.awaitStop();
        }
        return ExitCode.OK;
    }

    ServerConfig config() {
        ServerConfig c;
        try {
            c = ServerConfig.fromEnvironment(whittle.io().env());
            Optional<String> dataDir = whittle.dataDirOption();
            if (dataDir.isPresent()) {
                c = c.withDataDir(Path.of(dataDir.get()).toAbsolutePath());
            }
            if (port != null) {
                c = c.withPort(port);
            }
            if (bind != null) {
                c = c.withBindAddress(bind);
            }
            if (databaseUrl != null) {
                c = c.withDatabase(databaseUrl, Optional.ofNullable(databaseUser).or(c::databaseUser),
                        c.databasePassword());
            }
            if (!allow.isEmpty()) {
                List<String> all = new ArrayList<>(c.outboundAllowList());
                all.addAll(allow);
                c = c.withOutboundAllowList(all);
            }
            if (publicUrl != null) {
                c = c.withPublicUrl(java.net.URI.create(publicUrl));
            }
            if (jobThreads != null) {
                c = c.withJobThreads(jobThreads);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        return c;
    }
}
