package io.whittle.server.api.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.platform.secret.SecretValue;
import io.whittle.server.testing.Response;
import io.whittle.server.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SetupTest {
    @Test
    void theFirstStartPrintsASetupLinkThatCreatesTheAdministratorOnce() {
        try (TestServer server = TestServer.start()) {
            String out = server.consoleOutput();
            assertThat(out).contains(server.server().baseUrl() + "/setup?token=");
            String token = server.setupToken().orElseThrow();

            Response page = server.anonymous().get("/setup?token=" + token).expect(200);
            assertThat(page.header("Content-Type").orElseThrow()).startsWith("text/html");
            assertThat(page.header("Content-Security-Policy").orElseThrow()).contains("script-src 'sha256-");
            assertThat(page.body()).doesNotContain(token);

            server.anonymous().post("/api/v1/setup", Map.of("token", "wrong-" + token, "username", "root",
                    "password", "a-long-enough-password")).expect(403);
            server.anonymous().post("/api/v1/setup", Map.of("token", token, "username", "root",
                    "password", "short")).expect(422);
            Response created = server.anonymous().post("/api/v1/setup", Map.of("token", token, "username", "root",
                    "displayName", "The Admin", "password", "a-long-enough-password")).expect(201);
            assertThat(created.json().get("admin").asBoolean()).isTrue();
            assertThat(created.json().get("displayName").asText()).isEqualTo("The Admin");
            server.anonymous().post("/api/v1/setup", Map.of("token", token, "username", "root2",
                    "password", "a-long-enough-password")).expect(403);
            server.anonymous().post("/api/v1/session", Map.of("username", "root", "password", "a-long-enough-password"))
                    .expect(200);
            // A restart with an administrator prints no new link.
            server.restart();
            assertThat(server.consoleOutput().split("/setup\\?token=")).hasSize(2);
        }
    }

    @Test
    void anAdministratorFromTheEnvironmentIsCreatedAndNoLinkIsPrinted() {
        try (TestServer server = TestServer.builder()
                .config(c -> c.withInitialAdmin("boss", SecretValue.of("boss-password-123"))).start()) {
            assertThat(server.consoleOutput()).doesNotContain("setup?token=");
            Response r = server.anonymous().post("/api/v1/session", Map.of("username", "boss",
                    "password", "boss-password-123")).expect(200);
            assertThat(r.json().get("me").get("user").get("admin").asBoolean()).isTrue();
            server.restart();
            server.anonymous().post("/api/v1/session", Map.of("username", "boss", "password", "boss-password-123"))
                    .expect(200);
        }
    }
}
