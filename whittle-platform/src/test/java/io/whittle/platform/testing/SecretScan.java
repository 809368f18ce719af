package io.whittle.platform.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The canary scans of the secret tests: no secret may be stored in plain text, in the embedded database's files or
 * in any PostgreSQL row. Each scan also looks for a marker the test stored as plain text, so that a scan that sees
 * nothing (a wrong directory, an empty database) fails instead of passing.
 */
public final class SecretScan {
    private static final List<Charset> ENCODINGS = List.of(StandardCharsets.UTF_8, StandardCharsets.UTF_16LE,
            StandardCharsets.UTF_16BE);

    private SecretScan() {
    }

    /** Every file under {@code dataDir} (the H2 database among them) lacks the secrets, in UTF-8 and UTF-16. */
    public static void assertFilesLack(Path dataDir, List<String> secrets, String marker) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dataDir)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("whittle.mv.db");
        boolean markerSeen = false;
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            for (String secret : secrets) {
                for (Charset cs : ENCODINGS) {
                    assertThat(indexOf(bytes, secret.getBytes(cs))).as("a secret in %s (%s)", f, cs).isEqualTo(-1);
                }
            }
            markerSeen |= indexOf(bytes, marker.getBytes(StandardCharsets.UTF_8)) >= 0;
        }
        assertThat(markerSeen).as("the scan sees text stored in the H2 file").isTrue();
    }

    /** Every row of every table of the PostgreSQL {@code database} lacks the secrets; the tables named must exist. */
    public static void assertPostgresLacks(String database, List<String> secrets, String marker,
                                           String... expectedTables) throws SQLException {
        int markerHits = 0;
        try (Connection c = PostgresServer.connect(database)) {
            List<String> tables = new ArrayList<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains(expectedTables);
            for (String table : tables) {
                try (PreparedStatement ps = c.prepareStatement("SELECT t::text FROM \"" + table + "\" t");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String row = rs.getString(1);
                        for (String secret : secrets) {
                            assertThat(row).as("a row of %s", table).doesNotContain(secret);
                        }
                        if (row.contains(marker)) {
                            markerHits++;
                        }
                    }
                }
            }
        }
        assertThat(markerHits).as("the scan sees text stored in PostgreSQL").isPositive();
    }

    /** Where {@code needle} starts in {@code haystack}, or -1. */
    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
