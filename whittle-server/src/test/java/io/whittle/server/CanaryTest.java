package io.whittle.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.platform.testing.DatabaseTest;
import io.whittle.platform.testing.TestDatabase;
import io.whittle.server.testing.Client;
import io.whittle.server.testing.LogCapture;
import io.whittle.server.testing.Response;
import io.whittle.server.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The secrets of the account flow (passwords, an API token, a wrong token, a password in a query string) never
 * appear in an API response (except the token's creation), in the log, or in the database, on H2 and PostgreSQL.
 */
class CanaryTest {
    private static final String ADMIN_PASSWORD = "canary-admin-pw-7Yq2";
    private static final String NEW_PASSWORD = "canary-new-pw-Zk81x";
    private static final String WRONG_PASSWORD = "canary-wrong-pw-Hh3";
    private static final String QUERY_SECRET = "canary-query-Ut5r";
    private static final String WRONG_TOKEN = "wht_canaryWrongTokenAAAAAAAAAAAAAAAAAAAAAAAAAA";

    @DatabaseTest
    void secretsStayOutOfResponsesLogsAndTheDatabase(TestDatabase db) throws Exception {
        List<Response> responses = new ArrayList<>();
        String token;
        try (LogCapture log = LogCapture.start()) {
            try (TestServer server = TestServer.on(db)) {
                Client anon = server.anonymous();
                String setup = server.setupToken().orElseThrow();
                responses.add(anon.post("/api/v1/setup", Map.of("token", setup, "username", "root",
                        "password", ADMIN_PASSWORD)).expect(201));
                responses.add(anon.post("/api/v1/session", Map.of("username", "root", "password", WRONG_PASSWORD))
                        .expect(401));
                Response signedIn = anon.post("/api/v1/session", Map.of("username", "root",
                        "password", ADMIN_PASSWORD)).expect(200);
                responses.add(signedIn);
                String cookie = signedIn.headers().allValues("Set-Cookie").getFirst();
                Client session = anon.withSession(cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';')),
                        signedIn.text("csrfToken"));
                Response created = session.post("/api/v1/tokens", Map.of("name", "ci")).expect(201);
                token = created.text("secret");
                Client withToken = server.withToken(token);
                responses.add(withToken.get("/api/v1/me").expect(200));
                responses.add(withToken.get("/api/v1/tokens").expect(200));
                responses.add(withToken.get("/api/v1/organizations").expect(200));
                responses.add(withToken.get("/metrics").expect(200));
                responses.add(withToken.get("/api/v1/me?password=" + QUERY_SECRET).expect(200));
                responses.add(server.withToken(WRONG_TOKEN).get("/api/v1/me").expect(401));
                responses.add(session.post("/api/v1/me/password", Map.of("currentPassword", ADMIN_PASSWORD,
                        "newPassword", NEW_PASSWORD)).expect(204));
                responses.add(anon.post("/api/v1/session", Map.of("username", "root", "password", NEW_PASSWORD))
                        .expect(200));
                responses.add(anon.post("/api/v1/setup", "{\"token\":\"x\",\"password\":\"" + NEW_PASSWORD + "\""));
            }
            List<String> canaries = List.of(ADMIN_PASSWORD, NEW_PASSWORD, WRONG_PASSWORD, QUERY_SECRET, WRONG_TOKEN,
                    token);
            for (Response r : responses) {
                String all = r.body() + r.headers().map();
                for (String canary : canaries) {
                    assertThat(all).as(r.method() + " " + r.path()).doesNotContain(canary);
                }
            }
            String logged = log.text();
            assertThat(logged).contains("/api/v1/tokens");
            for (String canary : canaries) {
                assertThat(logged).doesNotContain(canary);
            }
            String dump = databaseText(db);
            assertThat(dump).contains("root");
            for (String canary : canaries) {
                assertThat(dump).doesNotContain(canary)
                        .doesNotContain(Base64.getEncoder().encodeToString(canary.getBytes(StandardCharsets.UTF_8)));
            }
            if (db.dataDir().isPresent()) {
                db.closeDatabase();
                String files = filesText(db.dataDir().get());
                for (String canary : canaries) {
                    assertThat(files).doesNotContain(canary);
                }
            }
        }
    }

    /** Every value of every table, as text. */
    private static String databaseText(TestDatabase db) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Connection c = db.database().dataSource().getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    String schema = rs.getString("TABLE_SCHEM");
                    if (schema != null && (schema.equalsIgnoreCase("INFORMATION_SCHEMA")
                            || schema.equalsIgnoreCase("pg_catalog"))) {
                        continue;
                    }
                    tables.add((schema == null ? "" : "\"" + schema + "\".") + "\"" + rs.getString("TABLE_NAME") + "\"");
                }
            }
            assertThat(tables).hasSizeGreaterThan(5);
            for (String table : tables) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            out.append(rs.getString(i)).append('\t');
                        }
                        out.append('\n');
                    }
                }
            }
        }
        return out.toString();
    }

    private static String filesText(Path dir) throws IOException {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        return out.toString();
    }
}
