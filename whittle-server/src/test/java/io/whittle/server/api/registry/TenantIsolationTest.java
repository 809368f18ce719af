package io.whittle.server.api.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.platform.account.Role;
import io.whittle.platform.org.Organization;
import io.whittle.server.testing.Client;
import io.whittle.server.testing.Response;
import io.whittle.server.testing.TestServer;
import io.whittle.server.testing.TestUser;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.RegistryExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tenant isolation over every connector and job route the API document lists with an {@code {id}}: another
 * organization's connector and job are not found (404, never 403), whatever the caller's role in their own
 * organization, and exactly as an id that does not exist at all; nothing of A's changes on the way.
 */
class TenantIsolationTest {
    private static final Credentials ROBOT = Credentials.of("robot", "s3cret-tenant-api-6c0e");

    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.basic(ROBOT.username(), ROBOT.password());

    private static TestServer server;

    @BeforeAll
    static void start() {
        ConnectorFixtures.image("tenant").push(REGISTRY.url(), "team/app", "v1", Optional.of(ROBOT));
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anotherOrganizationsConnectorsAndJobsAreNotFoundOnEveryRoute() throws Exception {
        TestUser alice = server.user("alice");
        Client a = server.as(alice);
        String connector = ConnectorFixtures.addGeneric(a, "alice's", REGISTRY.hostPort(), Optional.of(ROBOT));
        String job = a.post("/api/v1/jobs", Map.of("kind", "copy", "parameters", Map.of(
                "source", Map.of("connector", connector, "reference", "team/app:v1"),
                "target", Map.of("connector", connector, "reference", "team/copy:v1")))).expect(202).json()
                .get("id").asText();
        awaitFinished(a, job);
        JsonNode connectorBefore = a.get("/api/v1/connectors/" + connector).expect(200).json();
        JsonNode jobBefore = a.get("/api/v1/jobs/" + job).expect(200).json();

        // Bob owns his own organization, and is an owner in a shared one: no role reaches Alice's resources.
        TestUser bob = server.user("bob");
        Organization shared = server.organization(bob, "bobs-team");
        server.member(shared, server.user("carl"), Role.MEMBER);
        List<Client> outsiders = List.of(server.as(bob), server.as(bob, shared), server.signIn(bob));

        List<String> checked = new ArrayList<>();
        JsonNode paths = server.anonymous().get("/api/openapi.json").expect(200).json().get("paths");
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            String template = path.getKey();
            boolean connectorRoute = template.startsWith("/api/v1/connectors/{id}");
            boolean jobRoute = template.startsWith("/api/v1/jobs/{id}");
            if (!connectorRoute && !jobRoute) {
                assertThat(template).as("a route with an id that this test does not know")
                        .doesNotContain("/connectors/{").doesNotContain("/jobs/{");
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                String method = op.getKey().toUpperCase(Locale.ROOT);
                String query = query(op.getValue());
                boolean events = op.getValue().path("responses").path("200").path("content")
                        .has("text/event-stream");
                Object body = op.getValue().has("requestBody") ? Map.of("name", "stolen") : null;
                String theirs = template.replace("{id}", connectorRoute ? connector : job) + query;
                String nobodys = template.replace("{id}", connectorRoute ? "generic.0000000000"
                        : "00000000-0000-0000-0000-000000000000") + query;
                for (Client outsider : outsiders) {
                    Client c = events ? outsider.withHeader("Accept", "text/event-stream") : outsider;
                    Response r = c.send(method, theirs, body);
                    assertThat(r.status()).as(method + " " + theirs + ": " + r.body()).isEqualTo(404);
                    Response missing = c.send(method, nobodys, body);
                    assertThat(missing.status()).as(method + " " + nobodys).isEqualTo(404);
                    // Indistinguishable from an id that does not exist.
                    assertThat(r.json().get("detail").asText().replace(connector, "ID").replace(job, "ID"))
                            .isEqualTo(missing.json().get("detail").asText().replace("generic.0000000000", "ID")
                                    .replace("00000000-0000-0000-0000-000000000000", "ID"));
                    assertThat(r.body()).doesNotContain(ROBOT.password()).doesNotContain("alice");
                }
                checked.add(method + " " + template);
            }
        }
        assertThat(checked).contains("GET /api/v1/connectors/{id}", "PATCH /api/v1/connectors/{id}",
                "DELETE /api/v1/connectors/{id}", "POST /api/v1/connectors/{id}/test",
                "GET /api/v1/connectors/{id}/repositories", "GET /api/v1/connectors/{id}/tags",
                "GET /api/v1/connectors/{id}/image", "GET /api/v1/jobs/{id}", "POST /api/v1/jobs/{id}/cancel",
                "GET /api/v1/jobs/{id}/events");

        // Nor can they use Alice's connector as a copy's source or target.
        JsonNode refused = server.as(bob).post("/api/v1/jobs", Map.of("kind", "copy", "parameters", Map.of(
                "source", Map.of("connector", connector, "reference", "team/app:v1"),
                "target", Map.of("connector", connector, "reference", "team/stolen:v1")))).expect(422).json();
        assertThat(refused.get("errors")).extracting(e -> e.get("message").asText())
                .allSatisfy(m -> assertThat(m).startsWith("There is no connector " + connector));

        JsonNode connectorAfter = a.get("/api/v1/connectors/" + connector).expect(200).json();
        assertThat(connectorAfter).isEqualTo(connectorBefore);
        assertThat(a.get("/api/v1/jobs/" + job).expect(200).json()).isEqualTo(jobBefore);
        assertThat(server.as(bob).get("/api/v1/connectors").json().get("items")).hasSize(1);
        assertThat(server.as(bob).get("/api/v1/jobs").json().get("items")).isEmpty();
    }

    /** Values for the route's required query parameters. */
    private static String query(JsonNode operation) {
        List<String> parts = new ArrayList<>();
        for (JsonNode p : operation.path("parameters")) {
            if (p.path("in").asText().equals("query") && p.path("required").asBoolean()) {
                String name = p.get("name").asText();
                String value = switch (name) {
                    case "repository" -> "team/app";
                    case "reference" -> "team/app:v1";
                    default -> "x";
                };
                parts.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
        }
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    private static void awaitFinished(Client client, String job) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            String state = client.get("/api/v1/jobs/" + job).expect(200).json().get("state").asText();
            if (state.equals("succeeded")) {
                return;
            }
            assertThat(state).isIn("queued", "running");
            Thread.sleep(100);
        }
        throw new AssertionError("job " + job + " did not finish");
    }
}
