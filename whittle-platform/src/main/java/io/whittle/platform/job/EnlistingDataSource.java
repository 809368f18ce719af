package io.whittle.platform.job;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.Callable;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that hands db-scheduler the connection of a transaction already open on this thread, so that a job's
 * row and its scheduler execution are committed (or rolled back) together. Outside {@link #within} it is the pool.
 *
 * <p>db-scheduler's client neither commits nor rolls back a connection that is not in auto-commit mode, and closes it
 * when done: the connection it gets here ignores {@code close()}, and the transaction's owner ends it.
 */
final class EnlistingDataSource implements DataSource {
    private final DataSource pool;
    private final ThreadLocal<Connection> enlisted = new ThreadLocal<>();

    EnlistingDataSource(DataSource pool) {
        this.pool = pool;
    }

    /** Runs {@code work} with {@code transaction} as the connection this data source hands out on this thread. */
    <T> T within(Connection transaction, Callable<T> work) throws Exception {
        if (transaction.getAutoCommit()) {
            throw new IllegalStateException("Enlisting needs a connection inside a transaction.");
        }
        enlisted.set(transaction);
        try {
            return work.call();
        } finally {
            enlisted.remove();
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection c = enlisted.get();
        return c == null ? pool.getConnection() : unclosable(c);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("The job scheduler uses the platform pool's credentials.");
    }

    private static Connection unclosable(Connection c) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close":
                            return null;
                        case "isClosed":
                            return c.isClosed();
                        default:
                            try {
                                return method.invoke(c, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                    }
                });
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}
