package io.whittle.connector;

import io.whittle.connector.http.RestClient;
import io.whittle.platform.connector.ConnectorStore;
import io.whittle.platform.connector.StoredSecretReader;
import io.whittle.platform.db.Database;
import io.whittle.platform.db.DatabaseConfig;
import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.secret.KeyFile;
import io.whittle.platform.secret.SecretCipher;
import io.whittle.registry.RetryPolicy;
import io.whittle.registry.Timeouts;
import io.whittle.registry.net.OutboundPolicy;
import io.whittle.registry.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** A real platform for one test class: an H2 database in a temporary directory, a key file, the service. */
final class TestPlatform implements AutoCloseable {
    static final OrganizationId ORG = OrganizationId.LOCAL;

    final Path dir;
    final Database db;
    final ConnectorStore store;
    final ProviderContext context;
    final ConnectorService service;

    private TestPlatform(Providers providers) {
        try {
            dir = Files.createTempDirectory("whittle-connectors-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        db = Database.open(DatabaseConfig.embedded(dir));
        SecretCipher cipher = new SecretCipher(KeyFile.inDataDir(dir));
        store = new ConnectorStore(db, cipher);
        // The command-line policy: loopback (where the emulators run) is reachable, metadata addresses are not.
        OutboundPolicy policy = OutboundPolicy.cli();
        Timeouts timeouts = Timeouts.defaults().withTotal(Duration.ofSeconds(60));
        RetryPolicy retries = RetryPolicy.defaults().withBackoff(Duration.ofMillis(20), Duration.ofMillis(100));
        context = new ProviderContext(RestClient.create(policy, timeouts, retries, Version.userAgent()), policy,
                timeouts, retries, Version.userAgent(), Clock.systemUTC());
        service = new ConnectorService(store, new StoredSecretReader(db, cipher), providers, context);
    }

    static TestPlatform start(Provider... providers) {
        return new TestPlatform(Providers.of(providers));
    }

    /** Every byte of the database files, for the canary search. */
    byte[] databaseBytes() throws IOException {
        db.close();
        try (Stream<Path> files = Files.walk(dir)) {
            var out = new java.io.ByteArrayOutputStream();
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.write(Files.readAllBytes(p));
            }
            return out.toByteArray();
        }
    }

    @Override
    public void close() throws IOException {
        context.rest().close();
        db.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
