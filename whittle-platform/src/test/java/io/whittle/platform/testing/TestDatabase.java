package io.whittle.platform.testing;

import io.whittle.platform.db.Database;
import io.whittle.platform.db.DatabaseConfig;
import java.nio.file.Path;
import java.util.Optional;

/** A fresh database for one test: H2 in a temporary directory, or a new PostgreSQL database. */
public interface TestDatabase extends AutoCloseable {
    /** The open, migrated database (opened on first call; reopened after {@link #closeDatabase()}). */
    Database database();

    DatabaseConfig config();

    /** Closes the pool, so that H2 writes its file completely (the database itself stays for reopening). */
    void closeDatabase();

    /** The H2 data directory; empty for PostgreSQL. */
    Optional<Path> dataDir();

    DatabaseConfig.Kind kind();

    @Override
    void close();
}
