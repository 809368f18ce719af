package io.whittle.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.server.testing.Client;
import io.whittle.server.testing.Response;
import io.whittle.server.testing.TestServer;
import io.whittle.server.testing.TestUser;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProblemDetailsTest {
    private static TestServer server;
    private static Client client;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        TestUser ann = server.user("ann");
        client = server.as(ann);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyProblemHasTheRfc9457ShapeWithInstanceAndRequestId() {
        Response r = server.anonymous().get("/api/v1/me?secret=hidden").expect(401);
        assertProblem(r, 401, "/api/v1/me");
        assertThat(r.body()).doesNotContain("hidden");
    }

    @Test
    void anUnknownRouteIsA404Problem() {
        Response r = client.get("/api/v1/nothing-here").expect(404);
        assertProblem(r, 404, "/api/v1/nothing-here");
    }

    @Test
    void aWrongMethodIsA405ProblemNamingTheAllowedOnes() {
        Response r = client.send("PATCH", "/api/v1/me", null).expect(405);
        assertProblem(r, 405, "/api/v1/me");
        assertThat(r.header("Allow").orElseThrow()).contains("GET");
    }

    @Test
    void malformedJsonIs400WithoutEchoingTheBody() {
        Response r = client.post("/api/v1/organizations", "{\"slug\": \"x\", \"name\": sekrit-value").expect(400);
        assertProblem(r, 400, "/api/v1/organizations");
        assertThat(r.json().get("detail").asText()).contains("not valid JSON").contains("line 1");
        assertThat(r.body()).doesNotContain("sekrit-value");
        client.post("/api/v1/organizations", "").expect(400);
        client.post("/api/v1/organizations", "[1, 2]").expect(400);
    }

    @Test
    void missingAndMistypedFieldsAre422WithPerFieldErrors() {
        Response missing = client.post("/api/v1/organizations", Map.of("name", "No slug")).expect(422);
        assertProblem(missing, 422, "/api/v1/organizations");
        JsonNode errors = missing.json().get("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("field").asText()).isEqualTo("slug");
        assertThat(errors.get(0).get("message").asText()).contains("required");

        Response mistyped = client.post("/api/v1/organizations", Map.of("slug", Map.of("nested", true))).expect(422);
        assertThat(mistyped.json().get("errors").get(0).get("field").asText()).isEqualTo("slug");

        Response badEnum = client.post("/api/v1/organizations/ann/members", Map.of("username", "ann", "role", "boss"))
                .expect(422);
        assertThat(badEnum.json().get("errors").get(0).get("message").asText()).contains("owner, member, viewer");
    }

    @Test
    void responsesCarryTheRequestIdAndDefensiveHeaders() {
        Response r = client.get("/api/v1/me").expect(200);
        assertThat(r.header(RequestTracking.REQUEST_ID_HEADER)).isPresent();
        assertThat(r.header("X-Content-Type-Options")).contains("nosniff");
        assertThat(r.header("Cache-Control")).contains("no-store");
        assertThat(r.header("Server")).isEmpty();
    }

    static void assertProblem(Response r, int status, String instance) {
        assertThat(r.header("Content-Type").orElseThrow()).startsWith(ExceptionMapping.PROBLEM_JSON);
        JsonNode p = r.json();
        assertThat(p.get("type").asText()).startsWith(ExceptionMapping.TYPE_BASE);
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("detail").asText()).isNotBlank().endsWith(".");
        assertThat(p.get("instance").asText()).isEqualTo(instance);
        assertThat(p.get("requestId").asText()).isEqualTo(r.header(RequestTracking.REQUEST_ID_HEADER).orElseThrow());
    }
}
