package io.whittle.testkit.emulator;

import static io.whittle.testkit.emulator.Fixtures.get;
import static io.whittle.testkit.emulator.Fixtures.image;
import static io.whittle.testkit.emulator.Fixtures.scopes;
import static io.whittle.testkit.emulator.Fixtures.send;
import static io.whittle.testkit.emulator.Fixtures.skopeoPush;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.Skopeo;
import io.whittle.testkit.ToolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DockerHubEmulatorTest {
    static DockerHubEmulator hub;
    static String writeToken;
    static String readToken;
    static String adminToken;

    @BeforeAll
    static void start() {
        hub = DockerHubEmulator.start().account("alice", "alice-password").account("bob", "bob-password");
        writeToken = hub.personalAccessToken("alice", DockerHubEmulator.Scope.WRITE);
        readToken = hub.personalAccessToken("alice", DockerHubEmulator.Scope.READ);
        adminToken = hub.personalAccessToken("alice", DockerHubEmulator.Scope.ADMIN);
        hub.visibility("alice/secret", true).visibility("acme/private", true);
        hub.member("acme", "alice", DockerHubEmulator.Scope.WRITE);
        Credentials alice = Credentials.of("alice", "alice-password");
        for (String repo : List.of("alice/app", "alice/secret", "alice/tool", "acme/private", "acme/public")) {
            image("hub " + repo).push(hub.registryUrl(), repo, "v1", Optional.of(alice));
        }
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    String token(Credentials c, String... scope) {
        return Fixtures.bearer(hub.realm() + "?service=registry.docker.io" + scopes(scope), c);
    }

    String hubLogin(String identifier, String secret) {
        Fixtures.Response r = send("POST", hub.hubUrl() + "/v2/auth/token", "{\"identifier\":\"" + identifier
                + "\",\"secret\":\"" + secret + "\"}", "Content-Type", "application/json", "User-Agent", "t");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("access_token").asText();
    }

    @Test
    void tokenEndpointAcceptsAnAccessTokenAndRefusesAWrongOne() {
        Fixtures.Response ok = get(hub.realm() + "?service=registry.docker.io" + scopes("repository:alice/app:pull,push"),
                "Authorization", Credentials.of("alice", writeToken).basicAuthorization(), "User-Agent", "t");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("token").asText()).isEqualTo(ok.json().get("access_token").asText());
        assertThat(ok.json().get("expires_in").asInt()).isEqualTo(300);

        Fixtures.Response wrong = get(hub.realm() + "?service=registry.docker.io",
                "Authorization", Credentials.of("alice", "dckr_pat_wrong").basicAuthorization(), "User-Agent", "t");
        assertThat(wrong.status()).isEqualTo(401);
        Fixtures.Response otherUser = get(hub.realm() + "?service=registry.docker.io",
                "Authorization", Credentials.of("bob", writeToken).basicAuthorization(), "User-Agent", "t");
        assertThat(otherUser.status()).isEqualTo(401);
    }

    @Test
    void everyHostRefusesARequestWithoutUserAgent() {
        // The JDK client always sends a User-Agent; an empty one counts as none.
        assertThat(get(hub.realm() + "?service=registry.docker.io", "User-Agent", "").status()).isEqualTo(403);
        assertThat(get(hub.registryUrl() + "/v2/", "User-Agent", "").status()).isEqualTo(403);
        assertThat(get(hub.hubUrl() + "/v2/namespaces/alice/repositories", "User-Agent", "").status())
                .isEqualTo(403);
    }

    @Test
    void theRegistryChallengeNamesTheEmulatorsRealm() {
        Fixtures.Response r = get(hub.registryUrl() + "/v2/alice/app/manifests/v1", "User-Agent", "t");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate").orElseThrow()).contains("realm=\"" + hub.realm() + "\"")
                .contains("service=\"registry.docker.io\"").contains("repository:alice/app:pull");
    }

    @Test
    void aReadOnlyTokenCannotPushButAWriteTokenCan() {
        assertThatThrownBy(() -> skopeoPush("hub new", hub.registryHostPort(), "alice/new", "v1",
                Credentials.of("alice", readToken))).isInstanceOf(ToolException.class);
        skopeoPush("hub new", hub.registryHostPort(), "alice/new", "v1", Credentials.of("alice", writeToken));
        assertThat(hub.backend().tags("alice/new")).containsExactly("v1");
        // Another account's namespace is not writable, whatever the token's scope.
        assertThatThrownBy(() -> skopeoPush("hub new", hub.registryHostPort(), "bob/new", "v1",
                Credentials.of("alice", adminToken))).isInstanceOf(ToolException.class);
    }

    @Test
    void privateRepositoriesNeedTheOwnersCredentials() {
        String anonymous = Fixtures.get(hub.realm() + "?service=registry.docker.io" + scopes("repository:alice/secret:pull"),
                "User-Agent", "t").json().get("token").asText();
        assertThat(get(hub.registryUrl() + "/v2/alice/secret/manifests/v1", "Authorization", "Bearer " + anonymous,
                "User-Agent", "t").status()).isEqualTo(401);
        String bob = token(Credentials.of("bob", "bob-password"), "repository:alice/secret:pull");
        assertThat(get(hub.registryUrl() + "/v2/alice/secret/manifests/v1", "Authorization", "Bearer " + bob,
                "User-Agent", "t").status()).isEqualTo(401);
        byte[] raw = Skopeo.create().inspectRaw(Skopeo.docker(hub.registryHostPort(), "alice/secret", "v1"),
                Optional.of(Credentials.of("alice", readToken)));
        assertThat(raw).isEqualTo(image("hub alice/secret").manifestBytes());
    }

    @Test
    void manifestGetsCountAgainstThePullLimitAndHeadsDoNot() {
        String t = token(Credentials.of("bob", "bob-password"), "repository:alice/tool:pull");
        String accept = "application/vnd.oci.image.manifest.v1+json";
        Fixtures.Response head = send("HEAD", hub.registryUrl() + "/v2/alice/tool/manifests/v1", null,
                "Authorization", "Bearer " + t, "Accept", accept, "User-Agent", "t");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("ratelimit-remaining")).contains("100;w=21600");
        assertThat(head.header("Content-Length")).isPresent();
        Fixtures.Response first = get(hub.registryUrl() + "/v2/alice/tool/manifests/v1", "Authorization", "Bearer " + t,
                "Accept", accept, "User-Agent", "t");
        assertThat(first.header("ratelimit-limit")).contains("100;w=21600");
        assertThat(first.header("ratelimit-remaining")).contains("99;w=21600");
        assertThat(hub.pullsCounted("bob")).isEqualTo(1);

        hub.pullLimit(1);
        try {
            Fixtures.Response limited = get(hub.registryUrl() + "/v2/alice/tool/manifests/v1",
                    "Authorization", "Bearer " + t, "Accept", accept, "User-Agent", "t");
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.body()).contains("TOOMANYREQUESTS");
        } finally {
            hub.pullLimit(100);
        }
    }

    @Test
    void registryDeleteIsUnsupportedAndTheHubApiDeletesTags() {
        image("hub del").push(hub.registryUrl(), "alice/del", "a", Optional.of(Credentials.of("alice", "alice-password")));
        image("hub del").push(hub.registryUrl(), "alice/del", "b", Optional.of(Credentials.of("alice", "alice-password")));
        String t = token(Credentials.of("alice", adminToken), "repository:alice/del:pull,push,delete");
        assertThat(send("DELETE", hub.registryUrl() + "/v2/alice/del/manifests/a", null, "Authorization",
                "Bearer " + t, "User-Agent", "t").status()).isEqualTo(405);

        String writeSession = hubLogin("alice", writeToken);
        assertThat(send("DELETE", hub.hubUrl() + "/v2/repositories/alice/del/tags/a/", null,
                "Authorization", "Bearer " + writeSession, "User-Agent", "t").status()).isEqualTo(403);
        String session = hubLogin("alice", adminToken);
        assertThat(send("DELETE", hub.hubUrl() + "/v2/repositories/alice/del/tags/a/", null,
                "Authorization", "Bearer " + session, "User-Agent", "t").status()).isEqualTo(204);
        assertThat(hub.backend().tags("alice/del")).containsExactly("b");
        assertThat(send("DELETE", hub.hubUrl() + "/v2/repositories/alice/del/tags/a/", null,
                "Authorization", "Bearer " + session, "User-Agent", "t").status()).isEqualTo(404);
    }

    @Test
    void repositoryListingPagesWithNextAndHidesPrivateRepositoriesFromOthers() {
        String session = hubLogin("alice", readToken);
        List<String> names = new ArrayList<>();
        String url = hub.hubUrl() + "/v2/namespaces/alice/repositories?page_size=2&page=1";
        int pages = 0;
        while (url != null) {
            JsonNode page = get(url, "Authorization", "Bearer " + session, "User-Agent", "t").json();
            page.get("results").forEach(r -> names.add(r.get("name").asText()));
            url = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        }
        assertThat(pages).isGreaterThan(1);
        assertThat(names).contains("app", "secret", "tool");

        String bob = hubLogin("bob", "bob-password");
        JsonNode asBob = get(hub.hubUrl() + "/v2/namespaces/alice/repositories?page_size=100",
                "Authorization", "Bearer " + bob, "User-Agent", "t").json();
        List<String> bobSees = new ArrayList<>();
        asBob.get("results").forEach(r -> bobSees.add(r.get("name").asText()));
        assertThat(bobSees).contains("app").doesNotContain("secret");
        assertThat(get(hub.hubUrl() + "/v2/namespaces/alice/repositories?page_size=101",
                "User-Agent", "t").status()).isEqualTo(400);
    }

    @Test
    void anOrganizationTokenWithoutTheListScopeDoesNotSeePrivateRepositories() {
        String without = hub.organizationAccessToken("acme", false, Map.of("acme/*", Set.of("pull")));
        String with = hub.organizationAccessToken("acme", true, Map.of("acme/*", Set.of("pull")));
        JsonNode hidden = get(hub.hubUrl() + "/v2/namespaces/acme/repositories", "Authorization",
                "Bearer " + hubLogin("acme", without), "User-Agent", "t").json();
        JsonNode shown = get(hub.hubUrl() + "/v2/namespaces/acme/repositories", "Authorization",
                "Bearer " + hubLogin("acme", with), "User-Agent", "t").json();
        assertThat(hidden.get("count").asInt()).isEqualTo(1);
        assertThat(shown.get("count").asInt()).isEqualTo(2);
        // The same token still pulls the private repository from the registry.
        byte[] raw = Skopeo.create().inspectRaw(Skopeo.docker(hub.registryHostPort(), "acme/private", "v1"),
                Optional.of(Credentials.of("acme", without)));
        assertThat(raw).isNotEmpty();
    }

    @Test
    void tagListingDescribesEachTagAndExpiredSessionsAreRefused() {
        String session = hubLogin("alice", readToken);
        JsonNode tags = get(hub.hubUrl() + "/v2/repositories/alice/app/tags?page_size=100",
                "Authorization", "Bearer " + session, "User-Agent", "t").json();
        JsonNode v1 = tags.get("results").get(0);
        assertThat(v1.get("name").asText()).isEqualTo("v1");
        assertThat(v1.get("digest").asText()).isEqualTo(image("hub alice/app").digest().toString());
        assertThat(v1.get("images").get(0).get("architecture").asText()).isNotEmpty();

        hub.hubTokenLifetime(java.time.Duration.ofSeconds(-1));
        try {
            String expired = hubLogin("alice", readToken);
            assertThat(get(hub.hubUrl() + "/v2/repositories/alice/app/tags", "Authorization", "Bearer " + expired,
                    "User-Agent", "t").status()).isEqualTo(401);
        } finally {
            hub.hubTokenLifetime(java.time.Duration.ofMinutes(10));
        }
    }
}
