package io.whittle.server.api.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.platform.db.DatabaseConfig;
import io.whittle.platform.testing.SecretScan;
import io.whittle.platform.testing.DatabaseTest;
import io.whittle.platform.testing.TestDatabase;
import io.whittle.server.testing.Client;
import io.whittle.server.testing.LogCapture;
import io.whittle.server.testing.Response;
import io.whittle.server.testing.TestServer;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.RegistryExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A canary secret (a connector's registry password) and a wrong one go through the whole API flow: add (refused and
 * accepted), list, show, edit, test, browse, inspect, a copy job and its event stream, malformed requests that carry
 * them, delete. Afterwards neither is in any response (bodies and headers), in the server's log, or in the
 * database: every byte of the H2 files, every row of every PostgreSQL table. A marker stored in a plain field is
 * found by the same scans, which shows they can see stored text.
 */
class CanaryApiTest {
    private static final String CANARY = "canary-api-" + hex(12);
    private static final String WRONG = "canary-wrong-" + hex(12);
    private static final String MARKER = "marker-" + hex(12);
    private static final Credentials ROBOT = Credentials.of("robot", CANARY);

    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.basic(ROBOT.username(), CANARY);

    @DatabaseTest
    void theCanaryIsInNoResponseLogOrDatabase(TestDatabase db) throws Exception {
        ConnectorFixtures.image("canary").push(REGISTRY.url(), "team/app", "v1", Optional.of(ROBOT));
        List<String> seen = new ArrayList<>();
        String logged;
        try (LogCapture log = LogCapture.start()) {
            try (TestServer server = TestServer.on(db)) {
                exercise(server, seen);
            }
            logged = log.text();
        }
        assertThat(logged).as("the log capture works").contains("POST /api/v1/connectors");
        seen.add(logged);
        for (String text : seen) {
            assertThat(text).doesNotContain(CANARY).doesNotContain(WRONG);
        }
        if (db.kind() == DatabaseConfig.Kind.H2) {
            db.closeDatabase();
            SecretScan.assertFilesLack(db.dataDir().orElseThrow(), List.of(CANARY, WRONG), MARKER);
        } else {
            SecretScan.assertPostgresLacks(db.toString(), List.of(CANARY, WRONG), MARKER, "connectors",
                    "connector_secrets", "jobs");
        }
    }

    private static void exercise(TestServer server, List<String> seen) throws Exception {
        String token = server.token(server.user("ana"));
        Client c = server.withToken(token);
        String host = REGISTRY.hostPort();
        List<Response> responses = new ArrayList<>();

        responses.add(c.post("/api/v1/connectors", ConnectorFixtures.generic("wrong", host,
                Optional.of(Credentials.of("robot", WRONG)))).expect(422));
        responses.add(c.post("/api/v1/connectors?verify=false", ConnectorFixtures.generic("wrong " + MARKER, host,
                Optional.of(Credentials.of("robot", WRONG)))).expect(201));
        String unverified = responses.getLast().json().get("connector").get("id").asText();
        responses.add(c.post("/api/v1/connectors/" + unverified + "/test", null).expect(200));
        responses.add(c.get("/api/v1/connectors/" + unverified + "/repositories").expect(424));

        responses.add(c.post("/api/v1/connectors", ConnectorFixtures.generic("good " + MARKER, host,
                Optional.of(ROBOT))).expect(201));
        String id = responses.getLast().json().get("connector").get("id").asText();
        responses.add(c.get("/api/v1/connectors").expect(200));
        responses.add(c.get("/api/v1/connectors/" + id).expect(200));
        responses.add(c.patch("/api/v1/connectors/" + id, Map.of("secrets", Map.of("password", CANARY),
                "settings", Map.of("note", MARKER))).expect(422));
        responses.add(c.patch("/api/v1/connectors/" + id, Map.of("name", "renamed " + MARKER,
                "secrets", Map.of("password", CANARY))).expect(200));
        responses.add(c.patch("/api/v1/connectors/" + id, Map.of("settings", Map.of("registry", "127.0.0.1:1"))).expect(422));
        responses.add(c.post("/api/v1/connectors/" + id + "/test", null).expect(200));
        responses.add(c.get("/api/v1/connectors/" + id + "/repositories").expect(200));
        responses.add(c.get("/api/v1/connectors/" + id + "/tags?repository=team/app").expect(200));
        responses.add(c.get("/api/v1/connectors/" + id + "/image?reference=team/app:v1").expect(200));
        responses.add(c.get("/api/v1/connectors/" + id + "/image?reference=team/app:missing").expect(404));

        // Malformed requests that carry the secret are answered without echoing it.
        responses.add(c.post("/api/v1/connectors", "{\"provider\": \"generic\", \"name\": \"x\", \"secrets\":"
                + " {\"password\": \"" + CANARY + "\"}, broken").expect(400));
        responses.add(c.post("/api/v1/connectors", "{\"provider\": \"generic\", \"name\": \"x\", \"secrets\":"
                + " {\"password\": [\"" + CANARY + "\"]}}").expect(422));
        responses.add(c.post("/api/v1/connectors", Map.of("provider", "generic", "name", "x",
                "settings", Map.of("registry", host, "password", CANARY))).expect(422));
        responses.add(c.post("/api/v1/connectors", Map.of("provider", "generic", "name", "x",
                "settings", Map.of("registry", "https://robot:" + CANARY + "@" + host))).expect(422));

        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("source", Map.of("connector", id, "reference", "team/app:v1"));
        parameters.put("target", Map.of("connector", id, "reference", "team/copy:v1"));
        responses.add(c.post("/api/v1/jobs", Map.of("kind", "copy", "parameters", parameters)).expect(202));
        String job = responses.getLast().json().get("id").asText();
        seen.add(events(server.baseUrl().resolve("/api/v1/jobs/" + job + "/events"), token));
        responses.add(c.get("/api/v1/jobs/" + job).expect(200));
        assertThat(responses.getLast().json().get("state").asText()).isEqualTo("succeeded");
        responses.add(c.get("/api/v1/jobs").expect(200));

        responses.add(c.delete("/api/v1/connectors/" + unverified).expect(204));
        for (Response r : responses) {
            seen.add(r.body());
            seen.add(r.headers().map().toString());
        }
    }

    /** The whole event stream of a job, as text. */
    private static String events(URI url, String token) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(url).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(60)).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).contains("\"state\":\"succeeded\"");
            return r.body();
        }
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
