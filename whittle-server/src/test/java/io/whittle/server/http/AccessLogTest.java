package io.whittle.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.server.testing.LogCapture;
import io.whittle.server.testing.Response;
import io.whittle.server.testing.TestServer;
import io.whittle.server.testing.TestUser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessLogTest {
    @Test
    void oneLinePerRequestWithTheRouteTemplateAndCallerButNoQueryOrHeaders() throws Exception {
        try (TestServer server = TestServer.start(); LogCapture log = LogCapture.start()) {
            TestUser ann = server.user("ann");
            String token = server.token(ann);
            Response r = server.withToken(token).withHeader("X-Custom-Header", "header-canary-value")
                    .get("/api/v1/organizations/ann/members?cursor=query-canary-value").expect(400);
            String requestId = r.header(RequestTracking.REQUEST_ID_HEADER).orElseThrow();
            server.anonymous().get("/no/such/route").expect(404);

            List<JsonNode> access = new ArrayList<>();
            for (String line : log.lines()) {
                JsonNode n = Json.mapper().readTree(line);
                if (n.get("logger").asText().equals("io.whittle.server.access")) {
                    access.add(n);
                }
            }
            assertThat(access).hasSize(2);
            JsonNode first = access.getFirst();
            assertThat(first.get("method").asText()).isEqualTo("GET");
            assertThat(first.get("route").asText()).isEqualTo("/api/v1/organizations/{slug}/members");
            assertThat(first.get("status").asText()).isEqualTo("400");
            assertThat(first.get("durationMs").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(first.get("requestId").asText()).isEqualTo(requestId);
            assertThat(first.get("userId").asText()).isEqualTo(ann.user().id().toString());
            assertThat(first.get("orgId").asText()).isEqualTo(ann.personalOrganization().toString());
            assertThat(access.get(1).get("route").asText()).isEqualTo(RequestTracking.UNMATCHED);
            assertThat(access.get(1).has("userId")).isFalse();
            assertThat(log.text()).doesNotContain("query-canary-value").doesNotContain("header-canary-value")
                    .doesNotContain(token).doesNotContain("/no/such/route");
        }
    }
}
