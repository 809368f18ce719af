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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connectors over HTTP against the real registry with Basic auth: the same verbs, checks and sentences as
 * {@code whittle connector}, secrets that go in and never come out, and roles.
 */
class ConnectorApiTest {
    private static final Credentials ROBOT = Credentials.of("robot", "s3cret-connector-api-7f2a");

    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.basic(ROBOT.username(), ROBOT.password());

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aConnectorIsAddedListedShownEditedTestedAndDeleted() {
        Client ann = server.as(server.user("ann"));
        String host = REGISTRY.hostPort();
        List<Response> all = new ArrayList<>();

        Response added = ann.post("/api/v1/connectors", ConnectorFixtures.generic("local", host, Optional.of(ROBOT)))
                .expect(201);
        all.add(added);
        JsonNode outcome = added.json();
        String id = outcome.get("connector").get("id").asText();
        assertThat(id).matches("generic\\.[0-9a-z]{10}");
        assertThat(added.header("Location")).contains("/api/v1/connectors/" + id);
        assertThat(outcome.get("verified").asBoolean()).isTrue();
        assertThat(outcome.get("check").get("registry").asText()).isEqualTo(host);
        assertThat(outcome.get("failure").isNull()).isTrue();
        JsonNode c = outcome.get("connector");
        assertThat(c.get("registry").asText()).isEqualTo(host);
        assertThat(c.get("status").asText()).isEqualTo("verified");
        assertThat(c.get("builtIn").asBoolean()).isFalse();
        assertThat(c.get("settings")).hasSize(2);
        assertThat(c.get("settings").get("username").asText()).isEqualTo("robot");
        assertThat(c.get("secrets")).extracting(JsonNode::asText).containsExactly("password");

        JsonNode list = ann.get("/api/v1/connectors").expect(200).json();
        assertThat(list.get("items")).extracting(i -> i.get("id").asText()).containsExactly("dockerhub.public", id);
        assertThat(list.get("next").isNull()).isTrue();

        Response shown = ann.get("/api/v1/connectors/" + id).expect(200);
        all.add(shown);
        assertThat(shown.json().get("name").asText()).isEqualTo("local");

        // A secret left empty keeps the stored one: the check passes with it.
        Response edited = ann.patch("/api/v1/connectors/" + id, Map.of("name", "renamed",
                "secrets", Map.of("password", ""))).expect(200);
        all.add(edited);
        assertThat(edited.json().get("connector").get("name").asText()).isEqualTo("renamed");
        assertThat(edited.json().get("verified").asBoolean()).isTrue();

        // Sending the credentials to another destination needs them again (Harbor #23463).
        Response moved = ann.patch("/api/v1/connectors/" + id, Map.of("settings", Map.of("registry",
                "127.0.0.1:1"))).expect(422);
        assertThat(moved.json().get("errors")).extracting(e -> e.get("field").asText()).containsExactly("password");
        assertThat(moved.text("detail")).isEqualTo("Changing where connector " + id + " connects requires its secrets"
                + " again: enter password.");

        long version = edited.json().get("connector").get("version").asLong();
        ann.patch("/api/v1/connectors/" + id, Map.of("name", "stale", "version", version - 1)).expect(409);

        Response tested = ann.post("/api/v1/connectors/" + id + "/test", null).expect(200);
        all.add(tested);
        assertThat(tested.json().get("verified").asBoolean()).isTrue();
        assertThat(tested.json().get("connector").get("lastCheckedAt").isNull()).isFalse();

        ann.delete("/api/v1/connectors/" + id).expect(204);
        ann.get("/api/v1/connectors/" + id).expect(404);
        ann.delete("/api/v1/connectors/" + id).expect(404);
        ann.delete("/api/v1/connectors/dockerhub.public").expect(409);
        ann.patch("/api/v1/connectors/dockerhub.public", Map.of("name", "x")).expect(409);
        ann.get("/api/v1/connectors/not-an-id").expect(400);

        for (Response r : all) {
            assertThat(r.body()).doesNotContain(ROBOT.password());
        }
    }

    @Test
    void aRefusedCredentialIsA422NamingTheFieldUnlessSavedUnverified() {
        Client bea = server.as(server.user("bea"));
        String host = REGISTRY.hostPort();
        Credentials wrong = Credentials.of("robot", "wrong-password-api-1234");
        Response refused = bea.post("/api/v1/connectors", ConnectorFixtures.generic("wrong", host, Optional.of(wrong)))
                .expect(422);
        JsonNode problem = refused.json();
        // The sentence the CLI prints for the same refusal.
        String sentence = host + " did not accept the user name and password: check that it is correct and has not"
                + " expired or been revoked.";
        assertThat(problem.get("errors").get(0).get("message").asText()).isEqualTo(sentence);
        assertThat(problem.get("failure").asText()).isEqualTo("unauthorized");
        assertThat(problem.get("detail").asText()).startsWith(sentence);
        assertThat(bea.get("/api/v1/connectors").json().get("items")).hasSize(1);

        JsonNode unverified = bea.post("/api/v1/connectors?verify=false", ConnectorFixtures.generic("wrong", host,
                Optional.of(wrong))).expect(201).json();
        assertThat(unverified.get("verified").asBoolean()).isFalse();
        assertThat(unverified.get("failure").get("message").asText()).isEqualTo(sentence);
        assertThat(unverified.get("connector").get("status").asText()).isEqualTo("unverified");
        String id = unverified.get("connector").get("id").asText();

        JsonNode tested = bea.post("/api/v1/connectors/" + id + "/test", null).expect(200).json();
        assertThat(tested.get("verified").asBoolean()).isFalse();
        assertThat(tested.get("connector").get("status").asText()).isEqualTo("failing");
        assertThat(tested.get("connector").get("statusReason").asText()).isEqualTo(sentence);

        // Browsing with the stored credential that the registry refuses: 424, saying to edit the connector.
        Response browse = bea.get("/api/v1/connectors/" + id + "/repositories").expect(424);
        assertThat(browse.text("type")).endsWith("connector-unusable");
        assertThat(browse.text("detail")).contains("Edit connector " + id);

        // The body flag saves unverified as the query parameter does.
        Map<String, Object> body = new java.util.LinkedHashMap<>(ConnectorFixtures.generic("flag", host,
                Optional.of(wrong)));
        body.put("verify", false);
        assertThat(bea.post("/api/v1/connectors", body).expect(201).json().get("verified").asBoolean()).isFalse();
    }

    @Test
    void whatTheFormRefusesIsA422PerField() {
        Client cy = server.as(server.user("cy"));
        JsonNode missing = cy.post("/api/v1/connectors", Map.of("provider", "generic")).expect(422).json();
        assertThat(missing.get("errors")).extracting(e -> e.get("field").asText()).contains("name");

        JsonNode unknownProvider = cy.post("/api/v1/connectors", Map.of("provider", "nope", "name", "x"))
                .expect(422).json();
        assertThat(unknownProvider.get("detail").asText()).startsWith("There is no provider 'nope': use one of");

        JsonNode fields = cy.post("/api/v1/connectors", Map.of("provider", "generic", "name", "x",
                "settings", Map.of("registry", "not a host!", "password", "plain"))).expect(422).json();
        assertThat(fields.get("errors")).extracting(e -> e.get("field").asText())
                .contains("registry", "password");

        cy.post("/api/v1/connectors", "{not json").expect(400);
        cy.post("/api/v1/connectors?verify=maybe", ConnectorFixtures.generic("x", REGISTRY.hostPort(),
                Optional.of(ROBOT))).expect(400);
    }

    @Test
    void theListIsPaginated() {
        Client dee = server.as(server.user("dee"));
        for (int i = 0; i < 3; i++) {
            ConnectorFixtures.addGeneric(dee, "page " + i, REGISTRY.hostPort(), Optional.of(ROBOT));
        }
        JsonNode first = dee.get("/api/v1/connectors?limit=2").expect(200).json();
        assertThat(first.get("items")).extracting(i -> i.get("name").asText())
                .containsExactly("Docker Hub (anonymous)", "page 0", "page 1");
        String next = first.get("next").asText();
        JsonNode second = dee.get("/api/v1/connectors?limit=2&cursor=" + next).expect(200).json();
        assertThat(second.get("items")).extracting(i -> i.get("name").asText()).containsExactly("page 2");
        assertThat(second.get("next").isNull()).isTrue();
        dee.get("/api/v1/connectors?cursor=garbage").expect(400);
    }

    @Test
    void aViewerReadsButCannotChange() {
        TestUser owner = server.user("owner");
        TestUser viewer = server.user("viewer");
        Organization team = server.organization(owner, "team");
        server.member(team, viewer, Role.VIEWER);
        String id = ConnectorFixtures.addGeneric(server.as(owner, team), "shared", REGISTRY.hostPort(),
                Optional.of(ROBOT));

        Client v = server.as(viewer, team);
        v.get("/api/v1/connectors").expect(200);
        v.get("/api/v1/connectors/" + id).expect(200);
        v.get("/api/v1/connectors/" + id + "/repositories").expect(200);
        v.post("/api/v1/connectors", ConnectorFixtures.generic("mine", REGISTRY.hostPort(), Optional.of(ROBOT)))
                .expect(403);
        v.patch("/api/v1/connectors/" + id, Map.of("name", "x")).expect(403);
        v.post("/api/v1/connectors/" + id + "/test", null).expect(403);
        v.delete("/api/v1/connectors/" + id).expect(403);
        v.post("/api/v1/jobs", Map.of("kind", "copy", "parameters", Map.of())).expect(403);
        server.as(owner, team).get("/api/v1/connectors/" + id).expect(200);
    }

    @Test
    void providersAreListedWithTheirForms() {
        Client eve = server.as(server.user("eve"));
        JsonNode providers = eve.get("/api/v1/providers").expect(200).json();
        assertThat(providers).extracting(p -> p.get("id").asText())
                .containsExactly("dockerhub", "ecr", "gcr", "quay", "ghcr", "digitalocean", "acr", "gitlab", "generic");
        JsonNode generic = eve.get("/api/v1/providers/generic").expect(200).json();
        assertThat(generic.get("name").asText()).isEqualTo("Any OCI registry");
        JsonNode password = generic.get("fields").get(2);
        assertThat(password.get("key").asText()).isEqualTo("password");
        assertThat(password.get("kind").asText()).isEqualTo("secret");
        assertThat(generic.get("fields").get(4).get("kind").asText()).isEqualTo("switch");
        assertThat(generic.get("fields").get(4).get("defaultValue").asText()).isEqualTo("false");
        assertThat(generic.get("instructions").get("steps").size()).isPositive();
        eve.get("/api/v1/providers/nope").expect(404);
        server.anonymous().get("/api/v1/providers").expect(401);
    }
}
