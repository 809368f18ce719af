package io.whittle.server.api.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.platform.account.Role;
import io.whittle.platform.org.Organization;
import io.whittle.server.auth.SessionCookie;
import io.whittle.server.testing.Client;
import io.whittle.server.testing.Response;
import io.whittle.server.testing.TestServer;
import io.whittle.server.testing.TestUser;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SessionTest {
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
    void signInSetsAHardenedCookieAndReturnsTheCsrfTokenAndTheUser() {
        TestUser ann = server.user("ann");
        Response r = server.anonymous().post("/api/v1/session", Map.of("username", "ann", "password", ann.password()))
                .expect(200);
        String cookie = r.headers().allValues("Set-Cookie").getFirst();
        assertThat(cookie).startsWith(SessionCookie.NAME + "=").contains("; Path=/", "; HttpOnly", "; SameSite=Lax")
                .doesNotContain("Secure");
        JsonNode body = r.json();
        assertThat(body.get("csrfToken").asText()).isNotBlank();
        assertThat(body.get("me").get("user").get("username").asText()).isEqualTo("ann");
        assertThat(body.get("me").get("organization").get("slug").asText()).isEqualTo("ann");
        assertThat(body.get("me").get("role").asText()).isEqualTo("owner");
        assertThat(body.get("me").get("authenticatedWith").asText()).isEqualTo("session");
        assertThat(r.body()).doesNotContain(ann.password());
    }

    @Test
    void aWrongPasswordIs401AndRepeatedFailuresAreRateLimited() {
        TestUser bo = server.user("bo");
        Client anon = server.anonymous();
        for (int i = 0; i < 5; i++) {
            Response r = anon.post("/api/v1/session", Map.of("username", "bo", "password", "wrong-password-" + i))
                    .expect(401);
            assertThat(r.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        }
        Response limited = anon.post("/api/v1/session", Map.of("username", "bo", "password", bo.password())).expect(429);
        assertThat(limited.header("Retry-After")).isPresent();
        // Another username from the same address is not affected.
        TestUser cy = server.user("cy");
        server.signIn(cy).get("/api/v1/me").expect(200);
    }

    @Test
    void signOutEndsTheSession() {
        TestUser di = server.user("di");
        Client session = server.signIn(di);
        session.get("/api/v1/me").expect(200);
        Response out = session.delete("/api/v1/session").expect(204);
        assertThat(out.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).contains("Max-Age=0"));
        session.get("/api/v1/me").expect(401);
    }

    @Test
    void unsafeRequestsWithTheCookieNeedTheCsrfToken() {
        TestUser ed = server.user("ed");
        Client session = server.signIn(ed);
        Map<String, Object> org = Map.of("slug", "ed-team");
        Response missing = session.withoutCsrf().post("/api/v1/organizations", org).expect(403);
        assertThat(missing.json().get("detail").asText()).contains("X-CSRF-Token");
        session.withCsrf("not-the-token").post("/api/v1/organizations", org).expect(403);
        session.withoutCsrf().delete("/api/v1/session").expect(403);
        // Reads need no CSRF token; with it, the write goes through.
        session.withoutCsrf().get("/api/v1/me").expect(200);
        session.post("/api/v1/organizations", org).expect(201);
    }

    @Test
    void aBadBearerTokenIs401EvenWithAValidCookie() {
        TestUser fi = server.user("fi");
        Client session = server.signIn(fi);
        session.withToken("wht_" + "x".repeat(43)).get("/api/v1/me").expect(401);
        session.withHeader("Authorization", "Basic Zmk6cGFzc3dvcmQ=").get("/api/v1/me").expect(401);
        session.get("/api/v1/me").expect(200);
    }

    @Test
    void switchingOrganizationChangesWhereTheSessionActs() {
        TestUser gus = server.user("gus");
        TestUser hal = server.user("hal");
        Organization team = server.organization(hal, "hal-team");
        server.member(team, gus, Role.VIEWER);
        Client session = server.signIn(gus);
        JsonNode me = session.put("/api/v1/session/organization", Map.of("organization", "hal-team")).expect(200).json();
        assertThat(me.get("organization").get("slug").asText()).isEqualTo("hal-team");
        assertThat(me.get("role").asText()).isEqualTo("viewer");
        assertThat(session.get("/api/v1/me").expect(200).json().get("organization").get("slug").asText())
                .isEqualTo("hal-team");
        session.put("/api/v1/session/organization", Map.of("organization", "nowhere")).expect(404);
        // A token acts in its own organization and cannot switch.
        server.as(gus).put("/api/v1/session/organization", Map.of("organization", "hal-team")).expect(400);
    }

    @Test
    void changingThePasswordEndsSessionsAndTheNewOneSignsIn() {
        TestUser ida = server.user("ida");
        Client session = server.signIn(ida);
        String next = "a-new-password-for-ida";
        Response wrong = session.post("/api/v1/me/password", Map.of("currentPassword", "not-it-at-all",
                "newPassword", next)).expect(422);
        assertThat(wrong.json().get("errors").get(0).get("field").asText()).isEqualTo("currentPassword");
        session.post("/api/v1/me/password", Map.of("currentPassword", ida.password(), "newPassword", "short"))
                .expect(422);
        session.post("/api/v1/me/password", Map.of("currentPassword", ida.password(), "newPassword", next))
                .expect(204);
        session.get("/api/v1/me").expect(401);
        server.anonymous().post("/api/v1/session", Map.of("username", "ida", "password", ida.password())).expect(401);
        server.anonymous().post("/api/v1/session", Map.of("username", "ida", "password", next)).expect(200);
    }
}
