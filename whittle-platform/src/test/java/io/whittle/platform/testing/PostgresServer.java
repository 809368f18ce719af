package io.whittle.platform.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.security.SecureRandom;

/**
 * The real PostgreSQL at 127.0.0.1:5432 (trust authentication). Tests create a database of their own
 * ({@code whittle_test_<random>}) and drop it afterwards. Override with WHITTLE_TEST_PG_HOST / _PORT / _USER.
 */
public final class PostgresServer {
    private PostgresServer() {
    }

    private static final String HOST = env("WHITTLE_TEST_PG_HOST", "127.0.0.1");
    private static final String PORT = env("WHITTLE_TEST_PG_PORT", "5432");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static volatile String user;

    public static String url(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    /** The user that trust authentication lets in: postgres, else root. */
    public static synchronized String user() {
        if (user != null) {
            return user;
        }
        String configured = System.getenv("WHITTLE_TEST_PG_USER");
        List<String> candidates = configured != null ? List.of(configured) : List.of("postgres", "root");
        SQLException last = null;
        for (String candidate : candidates) {
            try (Connection c = connect("postgres", candidate)) {
                user = c.getMetaData().getUserName();
                return user;
            } catch (SQLException e) {
                last = e;
            }
        }
        throw new AssertionError("PostgreSQL at " + HOST + ":" + PORT + " is not reachable with trust authentication as "
                + String.join(" or ", candidates) + " (" + firstLine(last) + "): start it with 'pg_ctlcluster 15 main start'.");
    }

    /** Creates an empty database and returns its name. */
    public static String createDatabase() {
        String name = "whittle_test_" + HexFormat.of().formatHex(randomBytes());
        admin("CREATE DATABASE " + name);
        return name;
    }

    public static void dropDatabase(String name) {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    public static Connection connect(String database) throws SQLException {
        return connect(database, user());
    }

    private static Connection connect(String database, String as) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", as);
        p.setProperty("connectTimeout", "5");
        return DriverManager.getConnection(url(database), p);
    }

    private static void admin(String sql) {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("PostgreSQL refused '" + sql + "' (" + firstLine(e)
                    + "): start it with 'pg_ctlcluster 15 main start' and check that " + user + " may create databases.");
        }
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[6];
        RANDOM.nextBytes(b);
        return b;
    }

    private static String firstLine(Exception e) {
        if (e == null) {
            return "no user configured";
        }
        String m = String.valueOf(e.getMessage());
        return m.lines().findFirst().orElse(m);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
