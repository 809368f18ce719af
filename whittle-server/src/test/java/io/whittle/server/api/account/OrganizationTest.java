package io.whittle.server.api.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.platform.account.Role;
import io.whittle.platform.org.Organization;
import io.whittle.server.testing.Client;
import io.whittle.server.testing.TestServer;
import io.whittle.server.testing.TestUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OrganizationTest {
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
    void aUserCreatesAnOrganizationAndManagesItsMembers() {
        TestUser ann = server.user("ann");
        TestUser bo = server.user("bo");
        Client owner = server.signIn(ann);
        JsonNode created = owner.post("/api/v1/organizations", Map.of("slug", "platform", "name", "Platform team"))
                .expect(201).json();
        assertThat(created.get("slug").asText()).isEqualTo("platform");
        assertThat(created.get("role").asText()).isEqualTo("owner");
        owner.post("/api/v1/organizations", Map.of("slug", "platform")).expect(409);
        owner.post("/api/v1/organizations", Map.of("slug", "Not A Slug")).expect(422);

        owner.post("/api/v1/organizations/platform/members", Map.of("username", "bo", "role", "viewer")).expect(201);
        owner.post("/api/v1/organizations/platform/members", Map.of("username", "bo", "role", "viewer")).expect(409);
        owner.post("/api/v1/organizations/platform/members", Map.of("username", "nobody", "role", "viewer"))
                .expect(422);
        owner.post("/api/v1/organizations/platform/members", Map.of("username", "bo", "role", "king")).expect(422);
        assertThat(usernames(owner.get("/api/v1/organizations/platform/members").expect(200).json()))
                .containsExactly("ann", "bo");

        JsonNode changed = owner.patch("/api/v1/organizations/platform/members/bo", Map.of("role", "member"))
                .expect(200).json();
        assertThat(changed.get("role").asText()).isEqualTo("member");
        JsonNode list = server.signIn(bo).get("/api/v1/organizations").expect(200).json();
        assertThat(list.get("items")).extracting(o -> o.get("slug").asText()).containsExactly("bo", "platform");

        owner.patch("/api/v1/organizations/platform/members/ann", Map.of("role", "member")).expect(409);
        owner.delete("/api/v1/organizations/platform/members/bo").expect(204);
        owner.delete("/api/v1/organizations/platform/members/bo").expect(404);
        server.as(bo).get("/api/v1/organizations/platform").expect(404);
    }

    @Test
    void onlyOwnersManageAndViewersCannotWrite() {
        TestUser cy = server.user("cy");
        TestUser di = server.user("di");
        TestUser ed = server.user("ed");
        Organization team = server.organization(cy, "cy-team");
        server.member(team, di, Role.VIEWER);
        server.member(team, ed, Role.MEMBER);
        Client viewer = server.signIn(di);
        Client member = server.signIn(ed);
        viewer.get("/api/v1/organizations/cy-team").expect(200);
        viewer.get("/api/v1/organizations/cy-team/members").expect(200);
        String problem = viewer.post("/api/v1/organizations/cy-team/members", Map.of("username", "ed", "role", "owner"))
                .expect(403).json().get("detail").asText();
        assertThat(problem).contains("owner");
        member.patch("/api/v1/organizations/cy-team/members/di", Map.of("role", "owner")).expect(403);
        member.delete("/api/v1/organizations/cy-team/members/di").expect(403);
    }

    @Test
    void anOrganizationDoesNotExistForNonMembers() {
        TestUser fi = server.user("fi");
        TestUser gus = server.user("gus");
        server.organization(fi, "fi-team");
        Client outsider = server.signIn(gus);
        for (String path : List.of("/api/v1/organizations/fi-team", "/api/v1/organizations/fi-team/members",
                "/api/v1/organizations/no-such-team")) {
            assertThat(outsider.get(path).expect(404).json().get("detail").asText())
                    .isEqualTo(outsider.get("/api/v1/organizations/no-such-team").json().get("detail").asText());
        }
        outsider.post("/api/v1/organizations/fi-team/members", Map.of("username", "gus", "role", "owner")).expect(404);
        outsider.patch("/api/v1/organizations/fi-team/members/fi", Map.of("role", "viewer")).expect(404);
        outsider.delete("/api/v1/organizations/fi-team/members/fi").expect(404);
        // A personal organization takes no members.
        server.signIn(fi).post("/api/v1/organizations/fi/members", Map.of("username", "gus", "role", "viewer"))
                .expect(409);
    }

    private static List<String> usernames(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("items").forEach(m -> names.add(m.get("username").asText()));
        return names;
    }
}
