package io.whittle.platform.testing;

import io.whittle.platform.db.Database;
import io.whittle.platform.db.DatabaseConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Another process using the embedded database, as a second {@code whittle} command would: {@code DIR hold SLUG}
 * opens it, adds an organization, prints {@code ready} and keeps it open until a line arrives on standard input;
 * {@code DIR use SLUG} opens it, adds an organization and prints every organization's slug.
 */
public final class EmbeddedProcess {
    private EmbeddedProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        try (Database db = Database.open(DatabaseConfig.embedded(dir))) {
            try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO organizations (id, slug, name, created_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)")) {
                ps.setObject(1, UUID.randomUUID());
                ps.setString(2, args[2]);
                ps.setString(3, args[2]);
                ps.executeUpdate();
            }
            if (args[1].equals("hold")) {
                System.out.println("ready");
                System.out.flush();
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } else {
                System.out.println(String.join(",", slugs(db)));
            }
        }
    }

    static List<String> slugs(Database db) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT slug FROM organizations ORDER BY slug")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
