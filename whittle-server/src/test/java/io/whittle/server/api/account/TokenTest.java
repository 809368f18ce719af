package io.whittle.server.api.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.platform.account.Role;
import io.whittle.platform.org.Organization;
import io.whittle.server.testing.Client;
import io.whittle.server.testing.MutableClock;
import io.whittle.server.testing.Response;
import io.whittle.server.testing.TestServer;
import io.whittle.server.testing.TestUser;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenTest {
    private static final MutableClock CLOCK = new MutableClock();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.builder().clock(CLOCK).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTokenCreatedFromASessionShowsItsSecretOnceAndThenWorks() {
        TestUser ann = server.user("ann");
        Client session = server.signIn(ann);
        Response created = session.post("/api/v1/tokens", Map.of("name", "laptop")).expect(201);
        String secret = created.text("secret");
        assertThat(secret).startsWith("wht_");
        JsonNode token = created.json().get("token");
        assertThat(token.get("organization").asText()).isEqualTo("ann");
        assertThat(token.get("active").asBoolean()).isTrue();
        assertThat(secret).startsWith(token.get("prefix").asText());

        JsonNode me = server.withToken(secret).get("/api/v1/me").expect(200).json();
        assertThat(me.get("user").get("username").asText()).isEqualTo("ann");
        assertThat(me.get("authenticatedWith").asText()).isEqualTo("token");

        Response listed = session.get("/api/v1/tokens").expect(200);
        assertThat(listed.json().get("items")).hasSize(1);
        assertThat(listed.json().get("items").get(0).get("name").asText()).isEqualTo("laptop");
        assertThat(listed.body()).doesNotContain(secret);
        assertThat(listed.json().get("next").isNull()).isTrue();
    }

    @Test
    void aTokenCannotCreateTokens() {
        TestUser bo = server.user("bo");
        Response r = server.as(bo).post("/api/v1/tokens", Map.of("name", "child")).expect(403);
        assertThat(r.json().get("detail").asText()).contains("browser session");
    }

    @Test
    void aTokenForAnotherOrganizationNeedsMembershipThere() {
        TestUser cy = server.user("cy");
        TestUser di = server.user("di");
        Organization team = server.organization(di, "di-team");
        Client session = server.signIn(cy);
        session.post("/api/v1/tokens", Map.of("name", "t", "organization", "di-team")).expect(404);
        server.member(team, cy, Role.MEMBER);
        String secret = session.post("/api/v1/tokens", Map.of("name", "t", "organization", "di-team")).expect(201)
                .text("secret");
        JsonNode me = server.withToken(secret).get("/api/v1/me").expect(200).json();
        assertThat(me.get("organization").get("slug").asText()).isEqualTo("di-team");
        assertThat(me.get("role").asText()).isEqualTo("member");
        // Only the token's organization is visible through it.
        assertThat(me.get("organizations")).hasSize(1);
        server.withToken(secret).get("/api/v1/organizations/cy").expect(404);
        // Removed from the organization, the token stops working at once.
        server.services().memberships().remove(team.id(), cy.user().id());
        server.withToken(secret).get("/api/v1/me").expect(401);
    }

    @Test
    void aRevokedTokenIsRejected() {
        TestUser ed = server.user("ed");
        Client session = server.signIn(ed);
        Response created = session.post("/api/v1/tokens", Map.of("name", "ci")).expect(201);
        String secret = created.text("secret");
        String id = created.json().get("token").get("id").asText();
        server.withToken(secret).get("/api/v1/me").expect(200);
        session.delete("/api/v1/tokens/" + id).expect(204);
        Response rejected = server.withToken(secret).get("/api/v1/me").expect(401);
        assertThat(rejected.json().get("detail").asText()).contains("revoked");
        JsonNode listed = session.get("/api/v1/tokens").expect(200).json().get("items").get(0);
        assertThat(listed.get("active").asBoolean()).isFalse();
        assertThat(listed.get("revokedAt").isNull()).isFalse();
        // Someone else's token id, or a malformed one, is not found.
        TestUser fi = server.user("fi");
        server.signIn(fi).delete("/api/v1/tokens/" + id).expect(404);
        session.delete("/api/v1/tokens/not-a-uuid").expect(404);
    }

    @Test
    void anExpiredTokenIsRejected() {
        TestUser gus = server.user("gus");
        Client session = server.signIn(gus);
        String expires = CLOCK.instant().plus(Duration.ofHours(1)).toString();
        String secret = session.post("/api/v1/tokens", Map.of("name", "short", "expiresAt", expires)).expect(201)
                .text("secret");
        server.withToken(secret).get("/api/v1/me").expect(200);
        CLOCK.advance(Duration.ofHours(2));
        server.withToken(secret).get("/api/v1/me").expect(401);
        session.post("/api/v1/tokens", Map.of("name", "past", "expiresAt", CLOCK.instant().minusSeconds(5).toString()))
                .expect(422);
    }

    @Test
    void listingsArePaginated() {
        TestUser hal = server.user("hal");
        for (int i = 0; i < 5; i++) {
            server.token(hal, hal.personalOrganization(), Optional.empty());
            CLOCK.advance(Duration.ofSeconds(1));
        }
        Client client = server.as(hal);
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = client.get("/api/v1/tokens?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
                    .expect(200).json();
            assertThat(page.get("items").size()).isLessThanOrEqualTo(2);
            page.get("items").forEach(t -> assertThat(seen.add(t.get("id").asText())).isTrue());
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (cursor != null);
        assertThat(seen).hasSize(6); // five, and the one this client uses
        assertThat(pages).isEqualTo(3);
        client.get("/api/v1/tokens?limit=0").expect(400);
        client.get("/api/v1/tokens?limit=many").expect(400);
        client.get("/api/v1/tokens?cursor=garbage!").expect(400);
    }
}
