package io.whittle.platform.db;

import io.whittle.platform.secret.SecretValue;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which database to open: the embedded H2 file database in a data directory (the default), or PostgreSQL
 * given by its JDBC URL. Prints with any password masked.
 */
public record DatabaseConfig(Kind kind, String jdbcUrl, Optional<String> user, Optional<SecretValue> password,
                             int maxPoolSize, Optional<Path> dataDir) {

    /** The database products the platform runs on; both share the same migrations. */
    public enum Kind { H2, POSTGRESQL }

    /** The embedded database's file name, without H2's {@code .mv.db} suffix. */
    public static final String H2_FILE = "whittle";

    public DatabaseConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(dataDir, "dataDir");
        if (maxPoolSize < 1 || maxPoolSize > 200) {
            throw new IllegalArgumentException("A database pool of " + maxPoolSize
                    + " connections is not sensible: use between 1 and 200.");
        }
        Kind detected = kindOf(jdbcUrl);
        if (detected != kind) {
            throw new IllegalArgumentException("The URL " + redact(jdbcUrl) + " is not a " + kind + " URL.");
        }
    }

    /**
     * The embedded H2 file database {@code <dataDir>/whittle.mv.db}. H2's own shutdown hook stays on, so
     * a process that exits without closing the pool still writes its last commits to the file; sessions
     * wait up to ten seconds for each other's row locks. The first process to open the file serves it to
     * the others ({@code AUTO_SERVER}, on a loopback port: see {@link Database}), so that a second command can
     * use the connectors while one is running; when it exits, another takes over. A pool of two connections:
     * a command needs one at a time (a server raises it with {@link #withMaxPoolSize}). H2 writes no trace file:
 * errors reach the caller as exceptions, and the file would be one more copy of SQL in the data directory.
     */
    public static DatabaseConfig embedded(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        String url = "jdbc:h2:file:" + dir.resolve(H2_FILE) + ";LOCK_TIMEOUT=10000;AUTO_SERVER=TRUE;TRACE_LEVEL_FILE=0";
        return new DatabaseConfig(Kind.H2, url, Optional.empty(), Optional.empty(), 2, Optional.of(dir));
    }

    /** PostgreSQL at {@code jdbcUrl} ({@code jdbc:postgresql://host:port/db}). */
    public static DatabaseConfig postgres(String jdbcUrl, Optional<String> user, Optional<SecretValue> password) {
        return new DatabaseConfig(Kind.POSTGRESQL, jdbcUrl, user, password, 10, Optional.empty());
    }

    /**
     * A config for a JDBC URL given by a user: PostgreSQL or H2. A {@code password=} parameter in the URL is
     * moved out of it into {@link #password()}, so that the URL can appear in pool logs and messages.
     */
    public static DatabaseConfig fromUrl(String jdbcUrl, Optional<String> user, Optional<SecretValue> password) {
        Kind kind = kindOf(jdbcUrl);
        String url = jdbcUrl;
        Optional<SecretValue> pw = password;
        Matcher m = URL_PASSWORD.matcher(jdbcUrl);
        if (kind == Kind.POSTGRESQL && m.find()) {
            if (pw.isEmpty()) {
                pw = Optional.of(SecretValue.of(URLDecoder.decode(m.group(2),
                        StandardCharsets.UTF_8)));
            }
            url = (jdbcUrl.substring(0, m.start()) + m.group(1) + jdbcUrl.substring(m.end()))
                    .replace("?&", "?").replaceAll("[?&]$", "");
        }
        return new DatabaseConfig(kind, url, user, pw, kind == Kind.H2 ? 4 : 10, Optional.empty());
    }

    /** {@code password=…} with what precedes it ({@code ?} or {@code &}) in group 1 and the value in group 2. */
    private static final Pattern URL_PASSWORD =
            Pattern.compile("([?&])password=([^&]*)&?", Pattern.CASE_INSENSITIVE);

    public DatabaseConfig withMaxPoolSize(int size) {
        return new DatabaseConfig(kind, jdbcUrl, user, password, size, dataDir);
    }

    /** The URL with any {@code password=} parameter masked, for messages. */
    public String redactedUrl() {
        return redact(jdbcUrl);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[" + kind + " " + redactedUrl() + user.map(u -> ", user=" + u).orElse("")
                + password.map(p -> ", password=" + p).orElse("") + ", pool=" + maxPoolSize + "]";
    }

    private static Kind kindOf(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return Kind.POSTGRESQL;
        }
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return Kind.H2;
        }
        throw new IllegalArgumentException("The database URL " + redact(jdbcUrl)
                + " is not supported: give a jdbc:postgresql://host:port/database URL, or none for the embedded database.");
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1****")
                .replaceAll("(//[^/@:]*:)[^/@]*@", "$1****@");
    }
}
