package io.whittle.platform.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.whittle.platform.PlatformException;
import io.whittle.platform.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * An open, migrated database behind a connection pool. {@link #open} applies the Flyway migrations in
 * {@code db/migration} (the same for H2 and PostgreSQL) before returning, so every user sees the current
 * schema; when the schema is already current, Flyway is not even loaded. Closing it closes the pool (and with it
 * the embedded H2 database, or this process's connection to the process serving it).
 *
 * <p>The embedded database's files get mode 0600 as soon as H2 has created them, and the port on which the first
 * process serves them to others is bound to loopback only: H2 binds to every interface unless
 * {@code h2.bindAddress} is set before it loads, which this class does (unless the operator set it).
 */
public final class Database implements AutoCloseable {
    /** H2 reads its bind address once, when its system properties class loads: set it before any H2 class. */
    static final String H2_BIND_ADDRESS = "h2.bindAddress";

    static {
        if (System.getProperty(H2_BIND_ADDRESS) == null) {
            System.setProperty(H2_BIND_ADDRESS, "127.0.0.1");
        }
    }

    private final DatabaseConfig config;
    private final HikariDataSource pool;

    private Database(DatabaseConfig config, HikariDataSource pool) {
        this.config = config;
        this.pool = pool;
    }

    /** Opens the pool and migrates the schema; fails with one sentence when the database is unreachable. */
    public static Database open(DatabaseConfig config) {
        Objects.requireNonNull(config, "config");
        config.dataDir().ifPresent(PrivateFiles::directory);
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        config.user().ifPresent(hikari::setUsername);
        config.password().ifPresent(p -> hikari.setPassword(p.reveal()));
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setMinimumIdle(1);
        hikari.setPoolName("whittle-" + config.kind().name().toLowerCase(Locale.ROOT));
        hikari.setConnectionTimeout(10_000);
        hikari.setInitializationFailTimeout(1);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new DatabaseException("Cannot connect to the database " + config.redactedUrl() + ": "
                    + rootMessage(e) + "; check that it is running and that the URL, user and password are right.", e);
        }
        try {
            config.dataDir().ifPresent(Database::restrictFiles);
            if (!Migrations.current(pool)) {
                migrate(pool);
            }
        } catch (FlywayException e) {
            pool.close();
            throw new DatabaseException("Cannot bring the database " + config.redactedUrl()
                    + " to the current schema: " + rootMessage(e) + "; it may belong to a newer Whittle version.", e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(config, pool);
    }

    /** In a method of its own, so that Flyway's classes load only when there is something to migrate. */
    private static void migrate(DataSource pool) {
        Flyway.configure()
                .dataSource(pool)
                .locations("classpath:" + Migrations.LOCATION)
                .load()
                .migrate();
    }

    /** Mode 0600 for the files H2 made in the data directory ({@code whittle.mv.db}, its lock and trace files). */
    private static void restrictFiles(Path dataDir) {
        String prefix = DatabaseConfig.H2_FILE + ".";
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dataDir,
                p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(".db"))) {
            for (Path f : files) {
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    PrivateFiles.ownerOnly(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the data directory " + dataDir + ": " + e.getMessage()
                    + "; check its permissions.", e);
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    public DatabaseConfig config() {
        return config;
    }

    public DatabaseConfig.Kind kind() {
        return config.kind();
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. A
     * {@link PlatformException} from the work passes through unchanged; an {@link SQLException} becomes a
     * {@link DatabaseException}.
     */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    /** A {@link DatabaseException} for {@code e}, naming this database. */
    public DatabaseException failed(SQLException e) {
        return new DatabaseException("The database " + config.redactedUrl() + " failed: " + rootMessage(e)
                + "; check that it is running and try again.", e);
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "Database[" + config + "]";
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m).strip();
    }
}
