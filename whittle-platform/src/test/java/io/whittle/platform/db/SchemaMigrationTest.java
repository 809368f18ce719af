package io.whittle.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.platform.testing.DatabaseTest;
import io.whittle.platform.testing.TestDatabase;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flyway runs when the schema is behind (or unknown), and is skipped when it is current. */
class SchemaMigrationTest {

    private static Flyway flyway(TestDatabase t, String target) {
        DatabaseConfig c = t.config();
        return Flyway.configure().dataSource(c.jdbcUrl(), c.user().orElse(null), null)
                .locations("classpath:" + Migrations.LOCATION).target(target).load();
    }

    private static String query(Database db, String sql) throws Exception {
        return DatabaseOpenTest.query(db, sql);
    }

    @DatabaseTest
    void aDatabaseBehindIsBroughtToTheCurrentSchemaKeepingItsRows(TestDatabase t) throws Exception {
        flyway(t, "1").migrate();
        Database db = t.database();
        assertThat(query(db, "SELECT MAX(\"version\") FROM \"flyway_schema_history\" WHERE \"success\" = TRUE"))
                .isEqualTo("5");
        assertThat(query(db, "SELECT slug FROM organizations")).isEqualTo("local");
        assertThat(query(db, "SELECT COUNT(rate_limit_limit) FROM connectors")).isEqualTo("0");
    }

    @DatabaseTest
    void aCurrentSchemaIsOpenedWithoutFlyway(TestDatabase t) throws Exception {
        // Flyway would refuse this edited history (a checksum mismatch); skipped, it never sees it.
        try (Connection c = t.database().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE \"flyway_schema_history\" SET \"checksum\" = 12345 WHERE \"version\" = '1'");
        }
        t.closeDatabase();
        assertThatThrownBy(() -> flyway(t, "latest").validate()).hasMessageContaining("checksum");
        Database again = t.database();
        assertThat(query(again, "SELECT slug FROM organizations")).isEqualTo("local");
    }

    @DatabaseTest
    void aFailedMigrationIsLeftToFlywayToReport(TestDatabase t) throws Exception {
        try (Database db = Database.open(t.config()); Connection c = db.dataSource().getConnection();
             Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '2'");
        }
        assertThatThrownBy(() -> Database.open(t.config())).isInstanceOf(DatabaseException.class)
                .hasMessageStartingWith("Cannot bring the database");
    }

    @Test
    void theMigrationsOnTheClasspathAreListedFromADirectoryAndFromAJar(@TempDir Path tmp) throws Exception {
        assertThat(Migrations.available(getClass().getClassLoader())).contains(Set.of("1", "2", "3", "4", "5"));

        Path jar = tmp.resolve("migrations.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            // As Maven writes jars: directory entries too (without them the location is not found, and Flyway runs).
            for (String name : new String[] {"db/", "db/migration/", "db/migration/V1__a.sql", "db/migration/V1_1__b.sql",
                    "db/migration/V3__c.sql", "db/migration/R__repeatable.sql", "db/migration/old/V9__x.sql",
                    "db/migration/readme.txt"}) {
                out.putNextEntry(new JarEntry(name));
                out.write("SELECT 1;".getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThat(Migrations.available(loader)).contains(Set.of("1", "1.1", "3"));
        }
        try (URLClassLoader none = new URLClassLoader(new URL[0], null)) {
            assertThat(Migrations.available(none)).contains(Set.of());
        }
    }

}
