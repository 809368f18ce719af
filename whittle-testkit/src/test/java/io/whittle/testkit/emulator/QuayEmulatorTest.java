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
import io.whittle.testkit.TokenIssuer.Grant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QuayEmulatorTest {
    static QuayEmulator quay;
    static Credentials writer;
    static Credentials reader;
    static String appToken;

    @BeforeAll
    static void start() {
        // The seeding client expects the registry's 201 for a manifest; Quay's 202 is switched on afterwards.
        quay = QuayEmulator.start().restPageSize(2).manifestPutAccepted(false);
        writer = quay.robot("acme", "ci", Grant.repository("acme/*", "pull", "push", "delete"));
        reader = quay.robot("acme", "ro", Grant.repository("acme/app", "pull"));
        appToken = quay.applicationToken("acme", "repo:read", "repo:write");
        for (String repo : List.of("acme/app", "acme/lib", "acme/tool", "other/x")) {
            image("quay " + repo).push(quay.registryUrl(), repo, "v1",
                    Optional.of(quay.robot("seed", repo.replace('/', '-'), Grant.all())));
        }
        quay.manifestPutAccepted(true);
    }

    @AfterAll
    static void stop() {
        quay.close();
    }

    @Test
    void robotLoginAndWrongToken() {
        assertThat(get(quay.realm() + "?service=quay.io", "Authorization", writer.basicAuthorization()).status())
                .isEqualTo(200);
        assertThat(get(quay.realm() + "?service=quay.io", "Authorization",
                Credentials.of("acme+ci", "WRONG").basicAuthorization()).status()).isEqualTo(401);
    }

    @Test
    void aReadRobotCannotPushAndManifestPutsAnswer202() {
        assertThatThrownBy(() -> skopeoPush("quay ro", quay.registryHostPort(), "acme/app", "ro", reader))
                .isInstanceOf(ToolException.class);
        skopeoPush("quay rw", quay.registryHostPort(), "acme/app", "rw", writer);
        assertThat(quay.requests("registry")).anySatisfy(r -> {
            assertThat(r.method()).isEqualTo("PUT");
            assertThat(r.path()).isEqualTo("/v2/acme/app/manifests/rw");
            assertThat(r.status()).isEqualTo(202);
        });
    }

    @Test
    void theCatalogShowsOnlyWhatTheRobotMayPullInLinkedPages() {
        String token = Fixtures.bearer(quay.realm() + "?service=quay.io" + scopes("registry:catalog:*"), writer);
        List<String> repos = new ArrayList<>();
        String url = quay.registryUrl() + "/v2/_catalog?n=2";
        int pages = 0;
        while (url != null) {
            Fixtures.Response r = get(url, "Authorization", "Bearer " + token);
            r.json().get("repositories").forEach(n -> repos.add(n.asText()));
            url = r.header("Link").map(l -> quay.registryUrl() + l.substring(1, l.indexOf('>'))).orElse(null);
            pages++;
        }
        assertThat(pages).isGreaterThan(1);
        assertThat(repos).contains("acme/app", "acme/lib", "acme/tool").doesNotContain("other/x");
        String small = Fixtures.bearer(quay.realm() + "?service=quay.io" + scopes("registry:catalog:*"), reader);
        assertThat(get(quay.registryUrl() + "/v2/_catalog", "Authorization", "Bearer " + small).json()
                .get("repositories").size()).isEqualTo(1);
        assertThat(get(quay.registryUrl() + "/v2/_catalog").status()).isEqualTo(401);
    }

    @Test
    void theRestApiPagesRepositoriesAndTagsAndDeletesTags() {
        List<String> names = new ArrayList<>();
        String url = quay.apiUrl() + "/api/v1/repository?namespace=acme";
        int pages = 0;
        while (url != null) {
            JsonNode page = get(url, "Authorization", "Bearer " + appToken).json();
            page.get("repositories").forEach(r -> names.add(r.get("name").asText()));
            url = page.has("next_page") ? quay.apiUrl() + "/api/v1/repository?namespace=acme&next_page="
                    + page.get("next_page").asText() : null;
            pages++;
        }
        assertThat(pages).isEqualTo(2);
        assertThat(names).contains("app", "lib", "tool");
        assertThat(get(quay.apiUrl() + "/api/v1/repository?namespace=acme").status()).isEqualTo(401);
        assertThat(get(quay.apiUrl() + "/api/v1/repository?namespace=other", "Authorization", "Bearer " + appToken)
                .status()).isEqualTo(403);

        quay.manifestPutAccepted(false);
        image("quay t").push(quay.registryUrl(), "acme/tags", "t1", Optional.of(writer));
        image("quay t").push(quay.registryUrl(), "acme/tags", "t2", Optional.of(writer));
        image("quay t").push(quay.registryUrl(), "acme/tags", "t3", Optional.of(writer));
        quay.manifestPutAccepted(true);
        JsonNode first = get(quay.apiUrl() + "/api/v1/repository/acme/tags/tag/?limit=1&page=1&onlyActiveTags=true",
                "Authorization", "Bearer " + appToken).json();
        assertThat(first.get("has_additional").asBoolean()).isTrue();
        assertThat(first.get("tags").get(0).get("manifest_digest").asText()).isEqualTo(image("quay t").digest()
                .toString());
        assertThat(send("DELETE", quay.apiUrl() + "/api/v1/repository/acme/tags/tag/t1", null,
                "Authorization", "Bearer " + appToken).status()).isEqualTo(204);
        String readOnly = quay.applicationToken("acme", "repo:read");
        assertThat(send("DELETE", quay.apiUrl() + "/api/v1/repository/acme/tags/tag/t2", null,
                "Authorization", "Bearer " + readOnly).status()).isEqualTo(403);
        // The registry API deletes a tag by name too, leaving the other tags of the manifest.
        String token = Fixtures.bearer(quay.realm() + "?service=quay.io" + scopes("repository:acme/tags:delete"), writer);
        assertThat(send("DELETE", quay.registryUrl() + "/v2/acme/tags/manifests/t3", null,
                "Authorization", "Bearer " + token).status()).isEqualTo(202);
        assertThat(quay.backend().tags("acme/tags")).containsExactly("t2");
    }
}
