package io.whittle.platform.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Whether a database already has every migration on the classpath, read with plain JDBC from Flyway's history
 * table. Flyway scans, validates and locks at length (a quarter of a second on a cold start), so it runs only when
 * this cannot tell that the schema is current: an empty database, a migration not applied yet, a failed one, one
 * applied by a newer Whittle, or migrations it cannot list.
 */
final class Migrations {
    /** Where the migrations live, as Flyway's {@code classpath:} location names them. */
    static final String LOCATION = "db/migration";
    private static final String HISTORY = "flyway_schema_history";
    private static final Pattern VERSIONED = Pattern.compile("V([0-9]+(?:[._][0-9]+)*)__[^/]*\\.sql");

    private Migrations() {
    }

    /** True when every migration on the classpath is applied and nothing else was tried. */
    static boolean current(DataSource db) {
        Optional<Set<String>> available = available(Migrations.class.getClassLoader());
        if (available.isEmpty() || available.get().isEmpty()) {
            return false;
        }
        try (Connection c = db.getConnection()) {
            // Asked through the metadata: a query of a missing table would be an error H2 writes to a trace file.
            try (ResultSet table = c.getMetaData().getTables(null, null, HISTORY, null)) {
                if (!table.next()) {
                    return false;
                }
            }
            return available.get().equals(appliedOnly(c));
        } catch (SQLException e) {
            return false; // the history cannot be read: Flyway will say why
        }
    }

    /**
     * The versions of the versioned migrations on the classpath, as Flyway writes them in its history ({@code 1},
     * {@code 1.1}); empty when they cannot be listed (a location that is neither a directory nor in a jar).
     */
    static Optional<Set<String>> available(ClassLoader loader) {
        Set<String> out = new TreeSet<>();
        try {
            for (URL place : Collections.list(loader.getResources(LOCATION))) {
                Optional<List<String>> names = names(place);
                if (names.isEmpty()) {
                    return Optional.empty();
                }
                for (String name : names.get()) {
                    Matcher m = VERSIONED.matcher(name);
                    if (m.matches()) {
                        out.add(m.group(1).replace('_', '.'));
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
        return Optional.of(out);
    }

    /** The file names directly in a classpath location. */
    private static Optional<List<String>> names(URL place) throws IOException {
        switch (place.getProtocol()) {
            case "file" -> {
                try (Stream<Path> files = Files.list(Path.of(place.toURI()))) {
                    return Optional.of(files.map(p -> p.getFileName().toString()).toList());
                } catch (URISyntaxException e) {
                    return Optional.empty();
                }
            }
            case "jar" -> {
                URLConnection connection = place.openConnection();
                if (!(connection instanceof JarURLConnection jar)) {
                    return Optional.empty();
                }
                String prefix = LOCATION + "/";
                return Optional.of(jar.getJarFile().stream().map(java.util.zip.ZipEntry::getName)
                        .filter(n -> n.startsWith(prefix) && n.indexOf('/', prefix.length()) < 0)
                        .map(n -> n.substring(prefix.length())).toList());
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /**
     * The versions applied successfully, or a set holding a marker that matches no classpath version when a
     * migration failed (Flyway must repair or report it).
     */
    private static Set<String> appliedOnly(Connection c) throws SQLException {
        Set<String> out = new TreeSet<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"version\", \"success\" FROM \"" + HISTORY + "\""
                     + " WHERE \"version\" IS NOT NULL")) {
            while (rs.next()) {
                out.add(rs.getBoolean(2) ? rs.getString(1) : "failed:" + rs.getString(1));
            }
        }
        return out;
    }
}
