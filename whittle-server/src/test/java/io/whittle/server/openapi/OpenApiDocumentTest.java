package io.whittle.server.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.router.ParsedEndpoint;
import io.whittle.platform.account.Role;
import io.whittle.platform.org.Organization;
import io.whittle.server.testing.Client;
import io.whittle.server.testing.Response;
import io.whittle.server.testing.TestServer;
import io.whittle.server.testing.TestUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The served document against what Javalin routes, and every protected operation against an anonymous caller. */
class OpenApiDocumentTest {
    private static TestServer server;
    private static JsonNode doc;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        Response r = server.anonymous().get("/api/openapi.json").expect(200);
        assertThat(r.header("Content-Type").orElseThrow()).startsWith("application/json");
        doc = r.json();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyRoutedEndpointIsDocumentedAndNothingElse() {
        Set<String> routed = new TreeSet<>();
        // The web UI's pages are served beside the API but are not part of it; none may hide under /api.
        List<String> pages = server.server().pageRoutes();
        assertThat(pages).contains("GET /registries").noneMatch(p -> p.contains(" /api"));
        for (ParsedEndpoint e : server.server().http().unsafe.internalRouter.allHttpHandlers()) {
            String route = e.endpoint.method.name().toUpperCase(Locale.ROOT) + " " + e.endpoint.path;
            if (e.endpoint.method.isHttpMethod() && !pages.contains(route)) {
                routed.add(route.replaceAll("<([^>/]+)>", "{$1}"));
            }
        }
        Set<String> documented = new TreeSet<>();
        for (Operation op : operations()) {
            documented.add(op.method() + " " + op.path());
        }
        assertThat(documented).isEqualTo(routed);
        assertThat(routed).contains("GET /api/v1/me", "POST /api/v1/session", "GET /metrics", "GET /api/openapi.json");
    }

    @Test
    void everyProtectedOperationAnswers401WithoutCredentials() {
        Client anonymous = server.anonymous();
        int checked = 0;
        for (Operation op : operations()) {
            boolean isPublic = op.node().get("security").isEmpty();
            assertThat(op.node().get("x-whittle-access").asText().equals("public")).isEqualTo(isPublic);
            if (isPublic) {
                continue;
            }
            String path = op.path().replaceAll("\\{[^}]+}", "x1");
            Object body = op.node().has("requestBody") ? Map.of() : null;
            Response r = anonymous.send(op.method(), path, body);
            assertThat(r.status()).as(op.method() + " " + op.path() + ": " + r.body()).isEqualTo(401);
            assertThat(r.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
            checked++;
        }
        assertThat(checked).isGreaterThan(15);
    }

    @Test
    void aViewerGets403OnEveryWriteOperationAndANonAdministratorOnEveryAdminOne() {
        TestUser owner = server.user("matrix-owner");
        TestUser viewer = server.user("matrix-viewer");
        Organization team = server.organization(owner, "matrix-team");
        server.member(team, viewer, Role.VIEWER);
        Client asViewer = server.as(viewer, team);
        int checked = 0;
        for (Operation op : operations()) {
            String access = op.node().get("x-whittle-access").asText();
            if (!access.equals("write") && !access.equals("admin")) {
                continue;
            }
            String path = op.path().replace("{slug}", "matrix-team").replaceAll("\\{[^}]+}", "x1");
            Object body = op.node().has("requestBody") ? Map.of() : null;
            Response r = asViewer.send(op.method(), path, body);
            assertThat(r.status()).as(op.method() + " " + op.path() + ": " + r.body()).isEqualTo(403);
            checked++;
        }
        assertThat(checked).isGreaterThan(0);
    }

    @Test
    void operationsAreDescribedWithResolvableSchemas() {
        Set<String> ids = new TreeSet<>();
        for (Operation op : operations()) {
            JsonNode n = op.node();
            assertThat(n.get("summary").asText()).as(op.toString()).isNotBlank();
            assertThat(ids.add(n.get("operationId").asText())).as("unique operationId " + op).isTrue();
            assertThat(n.get("responses").size()).isGreaterThan(1);
        }
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
        JsonNode problem = doc.at("/components/schemas/Problem");
        assertThat(problem.get("required")).extracting(JsonNode::asText)
                .contains("type", "title", "status", "detail", "instance");
        assertThat(doc.at("/components/securitySchemes/bearerToken/scheme").asText()).isEqualTo("bearer");
        assertThat(doc.at("/components/securitySchemes/sessionCookie/name").asText()).isEqualTo("whittle_session");
    }

    @Test
    void paginatedListingsDocumentTheirPageShapeAndParameters() {
        JsonNode op = doc.at("/paths/~1api~1v1~1tokens/get");
        assertThat(op.get("parameters")).extracting(p -> p.get("name").asText()).contains("limit", "cursor");
        JsonNode schema = op.at("/responses/200/content/application~1json/schema");
        assertThat(schema.at("/properties/items/type").asText()).isEqualTo("array");
        assertThat(schema.at("/properties/items/items/$ref").asText()).isEqualTo("#/components/schemas/TokenBody");
        assertThat(schema.at("/properties/next/type")).extracting(JsonNode::asText).containsExactly("string", "null");
        JsonNode token = doc.at("/components/schemas/TokenBody");
        assertThat(token.get("required")).extracting(JsonNode::asText).contains("id", "name").doesNotContain("expiresAt");
    }

    @Test
    void swaggerUiIsServedFromTheWebjar() {
        Response page = server.anonymous().get("/api/docs").expect(200);
        assertThat(page.body()).contains("/api/docs/swagger-ui-bundle.js").contains("/api/openapi.json");
        Response script = server.anonymous().get("/api/docs/swagger-ui-bundle.js").expect(200);
        assertThat(script.body().length()).isGreaterThan(100_000);
        server.anonymous().get("/api/docs/swagger-ui.css").expect(200);
        server.anonymous().get("/api/docs/..%2F..%2Fpom.properties").expect(404);
        server.anonymous().get("/api/docs/index.html").expect(404);
    }

    record Operation(String method, String path, JsonNode node) {
    }

    private static List<Operation> operations() {
        List<Operation> ops = new ArrayList<>();
        for (Map.Entry<String, JsonNode> p : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> m : p.getValue().properties()) {
                ops.add(new Operation(m.getKey().toUpperCase(Locale.ROOT), p.getKey(), m.getValue()));
            }
        }
        return ops;
    }

    private static void collectRefs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().equals("$ref")) {
                    out.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), out);
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, out));
        }
    }
}
