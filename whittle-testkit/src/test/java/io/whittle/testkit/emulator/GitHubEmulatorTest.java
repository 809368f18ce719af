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
import io.whittle.testkit.ToolException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GitHubEmulatorTest {
    static GitHubEmulator gh;
    static String full;
    static String readOnly;
    static Instant expiry = Instant.parse("2031-05-06T07:08:09Z");

    @BeforeAll
    static void start() {
        gh = GitHubEmulator.start().user("octo").user("mallory").organization("acme", "octo");
        full = gh.classicToken("octo", Set.of("read:packages", "write:packages", "delete:packages"),
                Optional.of(expiry));
        readOnly = gh.classicToken("octo", Set.of("read:packages"), Optional.empty());
        Credentials octo = Credentials.of("octo", full);
        for (String repo : List.of("octo/a", "octo/b", "octo/team/c", "acme/svc")) {
            image("gh " + repo).push(gh.registryUrl(), repo, "v1", Optional.of(octo));
        }
    }

    @AfterAll
    static void stop() {
        gh.close();
    }

    static String api(String path) {
        return gh.apiUrl() + path;
    }

    @Test
    void patScopesDecideWhatTheRegistryAllows() {
        assertThatThrownBy(() -> skopeoPush("gh ro", gh.registryHostPort(), "octo/ro", "v1",
                Credentials.of("octo", readOnly))).isInstanceOf(ToolException.class);
        skopeoPush("gh rw", gh.registryHostPort(), "acme/rw", "v1", Credentials.of("octo", full));
        String mallory = gh.classicToken("mallory", Set.of("write:packages"), Optional.empty());
        assertThatThrownBy(() -> skopeoPush("gh rw", gh.registryHostPort(), "octo/theft", "v1",
                Credentials.of("mallory", mallory))).isInstanceOf(ToolException.class);
        assertThat(get(gh.realm() + "?service=ghcr.io", "Authorization",
                Credentials.of("octo", "ghp_wrong").basicAuthorization()).status()).isEqualTo(401);
        assertThat(get(gh.realm() + "?service=ghcr.io", "Authorization",
                Credentials.of("mallory", full).basicAuthorization()).status()).isEqualTo(401);
    }

    @Test
    void theCatalogIsAbsentAndRegistryDeleteUnsupported() {
        String token = Fixtures.bearer(gh.realm() + "?service=ghcr.io" + scopes("registry:catalog:*"),
                Credentials.of("octo", full));
        assertThat(get(gh.registryUrl() + "/v2/_catalog", "Authorization", "Bearer " + token).status()).isEqualTo(404);
        assertThat(send("DELETE", gh.registryUrl() + "/v2/octo/a/manifests/v1", null, "Authorization",
                "Bearer " + token).status()).isEqualTo(405);
    }

    @Test
    void packagesArePagedWithLinkAndCarryScopeAndExpiryHeaders() {
        List<String> names = new ArrayList<>();
        String url = api("/user/packages?package_type=container&per_page=2");
        int pages = 0;
        while (url != null) {
            Fixtures.Response r = get(url, "Authorization", "Bearer " + full);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("X-OAuth-Scopes")).contains("delete:packages, read:packages, write:packages");
            assertThat(r.header("github-authentication-token-expiration")).contains("2031-05-06 07:08:09 UTC");
            r.json().forEach(p -> names.add(p.get("name").asText()));
            url = r.header("Link").filter(l -> l.contains("rel=\"next\""))
                    .map(l -> l.substring(l.indexOf('<') + 1, l.indexOf('>'))).orElse(null);
            pages++;
        }
        assertThat(pages).isEqualTo(2);
        assertThat(names).containsExactlyInAnyOrder("a", "b", "team/c");
        JsonNode org = get(api("/orgs/acme/packages?package_type=container"), "Authorization", "token " + readOnly)
                .json();
        assertThat(org.get(0).get("owner").get("login").asText()).isEqualTo("acme");

        String noPackages = gh.classicToken("octo", Set.of("repo"), Optional.empty());
        Fixtures.Response denied = get(api("/user/packages?package_type=container"), "Authorization",
                "Bearer " + noPackages);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body()).contains("read:packages");
        assertThat(get(api("/user/packages?package_type=container"), "Authorization", "Bearer ghp_nope").status())
                .isEqualTo(401);
        assertThat(get(api("/user/packages?package_type=container"), "Authorization", "Bearer " + full,
                "User-Agent", "").status()).isEqualTo(403);
    }

    @Test
    void versionsCarryTagsAndDeletingAVersionNeedsDeletePackages() {
        image("gh other").push(gh.registryUrl(), "octo/team/c", "v2", Optional.of(Credentials.of("octo", full)));
        JsonNode versions = get(api("/user/packages/container/team%2Fc/versions"), "Authorization", "Bearer " + full)
                .json();
        assertThat(versions).hasSize(2);
        JsonNode v1 = null;
        for (JsonNode v : versions) {
            if (v.get("name").asText().equals(image("gh octo/team/c").digest().toString())) {
                v1 = v;
            }
        }
        assertThat(v1).isNotNull();
        assertThat(v1.get("metadata").get("container").get("tags").get(0).asText()).isEqualTo("v1");
        String id = v1.get("id").asText();
        assertThat(send("DELETE", api("/user/packages/container/team%2Fc/versions/" + id), null,
                "Authorization", "Bearer " + readOnly).status()).isEqualTo(403);
        assertThat(send("DELETE", api("/user/packages/container/team%2Fc/versions/" + id), null,
                "Authorization", "Bearer " + full).status()).isEqualTo(204);
        assertThat(gh.backend().tags("octo/team/c")).containsExactly("v2");
        assertThat(send("DELETE", api("/user/packages/container/team%2Fc/versions/" + id), null,
                "Authorization", "Bearer " + full).status()).isEqualTo(404);
    }
}
