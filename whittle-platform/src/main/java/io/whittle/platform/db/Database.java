package io.whittle.platform.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.whittle.platform.PlatformException;
import io.whittle.platform.PrivateFiles;
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
 * schema. Closing it closes the pool (and with it the embedded H2 database).
 */
public final class Database implements AutoCloseable {
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
            Flyway.configure()
                    .dataSource(pool)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new DatabaseException("Cannot bring the database " + config.redactedUrl()
                    + " to the current schema: " + rootMessage(e) + "; it may belong to a newer Whittle version.", e);
        }
        return new Database(config, pool);
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
