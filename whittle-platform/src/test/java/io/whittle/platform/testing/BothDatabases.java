package io.whittle.platform.testing;

import io.whittle.platform.db.Database;
import io.whittle.platform.db.DatabaseConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/** Provides each {@link DatabaseTest} with a fresh H2 database, then with a fresh PostgreSQL database. */
public final class BothDatabases implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().map(m -> m.isAnnotationPresent(DatabaseTest.class)).orElse(false);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        return Stream.of(invocation(DatabaseConfig.Kind.H2), invocation(DatabaseConfig.Kind.POSTGRESQL));
    }

    private static TestTemplateInvocationContext invocation(DatabaseConfig.Kind kind) {
        return new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return kind == DatabaseConfig.Kind.H2 ? "h2" : "postgresql";
            }

            @Override
            public List<org.junit.jupiter.api.extension.Extension> getAdditionalExtensions() {
                return List.of(new Provider(kind));
            }
        };
    }

    private static final class Provider implements ParameterResolver, AfterEachCallback {
        private final DatabaseConfig.Kind kind;
        private TestDatabase db;

        Provider(DatabaseConfig.Kind kind) {
            this.kind = kind;
        }

        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
            return p.getParameter().getType() == TestDatabase.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext e) {
            if (db == null) {
                db = open(kind);
            }
            return db;
        }

        @Override
        public void afterEach(ExtensionContext context) {
            if (db != null) {
                db.close();
                db = null;
            }
        }
    }

    /** A fresh database of {@code kind}; close it to remove it. */
    public static TestDatabase open(DatabaseConfig.Kind kind) {
        return kind == DatabaseConfig.Kind.H2 ? new H2(tempDir()) : new Postgres(PostgresServer.createDatabase());
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("whittle-h2-").resolve("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private abstract static class Base implements TestDatabase {
        private Database open;

        @Override
        public synchronized Database database() {
            if (open == null) {
                open = Database.open(config());
            }
            return open;
        }

        @Override
        public synchronized void closeDatabase() {
            if (open != null) {
                open.close();
                open = null;
            }
        }
    }

    private static final class H2 extends Base {
        private final Path dataDir;

        H2(Path dataDir) {
            this.dataDir = dataDir;
        }

        @Override
        public DatabaseConfig config() {
            return DatabaseConfig.embedded(dataDir);
        }

        @Override
        public Optional<Path> dataDir() {
            return Optional.of(dataDir);
        }

        @Override
        public DatabaseConfig.Kind kind() {
            return DatabaseConfig.Kind.H2;
        }

        @Override
        public void close() {
            closeDatabase();
            deleteTree(dataDir.getParent());
        }
    }

    private static final class Postgres extends Base {
        private final String name;

        Postgres(String name) {
            this.name = name;
        }

        @Override
        public DatabaseConfig config() {
            return DatabaseConfig.postgres(PostgresServer.url(name), Optional.of(PostgresServer.user()), Optional.empty())
                    .withMaxPoolSize(3);
        }

        @Override
        public Optional<Path> dataDir() {
            return Optional.empty();
        }

        @Override
        public DatabaseConfig.Kind kind() {
            return DatabaseConfig.Kind.POSTGRESQL;
        }

        /** The database name, for tests that connect on their own. */
        @Override
        public String toString() {
            return name;
        }

        @Override
        public void close() {
            closeDatabase();
            PostgresServer.dropDatabase(name);
        }
    }

    /** Removes a temporary directory tree. */
    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
