package io.whittle.cli.remote;

import io.whittle.platform.account.PasswordHasher;
import io.whittle.platform.job.JobsConfig;
import io.whittle.platform.secret.SecretValue;
import io.whittle.server.ServerConfig;
import io.whittle.server.WhittleServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Whittle server for the CLI's remote-mode tests: on port 0 of loopback, an H2 database in {@code dataDir},
 * 127.0.0.1 allowed outbound (for the test registries), an administrator with a known password, fast password
 * hashing and quick job polling.
 */
final class TestPlatform implements AutoCloseable {
    static final String ADMIN = "admin";
    static final String PASSWORD = "remote-mode-Passw0rd-4e1c";

    private final WhittleServer server;

    TestPlatform(Path dataDir) {
        ServerConfig config = ServerConfig.defaults(dataDir).withPort(0)
                .withOutboundAllowList(List.of("127.0.0.1")).withJobThreads(2)
                .withInitialAdmin(ADMIN, SecretValue.of(PASSWORD));
        WhittleServer.Options options = WhittleServer.Options.defaults()
                .withConsole(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .withPasswordHasher(PasswordHasher.forTests())
                .withJobs(JobsConfig.defaults().withThreads(2).withPollingInterval(Duration.ofMillis(100)));
        server = new WhittleServer(config, options).start();
    }

    URI url() {
        return server.localUrl();
    }

    @Override
    public void close() {
        server.close();
    }
}
