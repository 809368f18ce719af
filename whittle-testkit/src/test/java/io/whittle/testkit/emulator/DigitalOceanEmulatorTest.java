package io.whittle.testkit.emulator;

import static io.whittle.testkit.emulator.Fixtures.get;
import static io.whittle.testkit.emulator.Fixtures.image;
import static io.whittle.testkit.emulator.Fixtures.send;
import static io.whittle.testkit.emulator.Fixtures.skopeoPush;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.ToolException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DigitalOceanEmulatorTest {
    static DigitalOceanEmulator dox;
    static String readWrite;
    static String readOnly;

    @BeforeAll
    static void start() {
        dox = DigitalOceanEmulator.start("shop");
        readWrite = dox.apiToken(Set.of("read", "write"), Optional.empty());
        readOnly = dox.apiToken(Set.of("read"), Optional.empty());
        Credentials seed = Credentials.of(readWrite, readWrite);
        for (String repo : List.of("shop/web", "shop/api", "shop/team/worker")) {
            image("do " + repo).push(dox.registryUrl(), repo, "v1", Optional.of(seed));
        }
    }

    @AfterAll
    static void stop() {
        dox.close();
    }

    static Credentials dockerCredentials(String apiToken, boolean readWrite) {
        Fixtures.Response r = get(dox.apiUrl() + "/v2/registry/docker-credentials?read_write=" + readWrite
                + "&expiry_seconds=600", "Authorization", "Bearer " + apiToken);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String auth = r.json().get("auths").get(dox.registryHostPort()).get("auth").asText();
        String pair = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
        return Credentials.of(pair.substring(0, pair.indexOf(':')), pair.substring(pair.indexOf(':') + 1));
    }

    @Test
    void dockerCredentialsLogInAndReadOnlyOnesCannotPush() {
        assertThat(get(dox.apiUrl() + "/v2/registry", "Authorization", "Bearer " + readOnly).json()
                .get("registry").get("name").asText()).isEqualTo("shop");
        Credentials rw = dockerCredentials(readWrite, true);
        skopeoPush("do pushed", dox.registryHostPort(), "shop/web", "v2", rw);
        Credentials ro = dockerCredentials(readOnly, false);
        assertThatThrownBy(() -> skopeoPush("do denied", dox.registryHostPort(), "shop/web", "v3", ro))
                .isInstanceOf(ToolException.class);
        assertThat(get(dox.apiUrl() + "/v2/registry/docker-credentials?read_write=true", "Authorization",
                "Bearer " + readOnly).status()).isEqualTo(403);
        assertThatThrownBy(() -> skopeoPush("do pushed", dox.registryHostPort(), "elsewhere/web", "v1", rw))
                .isInstanceOf(ToolException.class);
    }

    @Test
    void wrongAndExpiredTokensAreRefused() {
        assertThat(get(dox.apiUrl() + "/v2/registry", "Authorization", "Bearer dop_v1_nope").status()).isEqualTo(401);
        String expired = dox.apiToken(Set.of("read", "write"), Optional.of(Instant.now().minusSeconds(1)));
        assertThat(get(dox.apiUrl() + "/v2/registry", "Authorization", "Bearer " + expired).status()).isEqualTo(401);
        assertThat(get(dox.realm() + "?service=registry.digitalocean.com", "Authorization",
                Credentials.of(expired, expired).basicAuthorization()).status()).isEqualTo(401);
    }

    @Test
    void repositoriesPageWithTokensAndTagsAreDeletedByNameOrDigest() {
        List<String> names = new ArrayList<>();
        String url = dox.apiUrl() + "/v2/registry/shop/repositoriesV2?per_page=2";
        int pages = 0;
        while (url != null) {
            JsonNode page = get(url, "Authorization", "Bearer " + readOnly).json();
            page.get("repositories").forEach(r -> names.add(r.get("name").asText()));
            JsonNode next = page.get("links").get("pages").get("next");
            url = next == null ? null : next.asText();
            pages++;
        }
        assertThat(pages).isEqualTo(2);
        assertThat(names).contains("web", "api", "team/worker");

        image("do tag").push(dox.registryUrl(), "shop/team/worker", "old", Optional.of(Credentials.of(readWrite,
                readWrite)));
        JsonNode tags = get(dox.apiUrl() + "/v2/registry/shop/repositories/team%2Fworker/tags", "Authorization",
                "Bearer " + readOnly).json();
        assertThat(tags.get("meta").get("total").asInt()).isEqualTo(2);
        String tagUrl = dox.apiUrl() + "/v2/registry/shop/repositories/team%2Fworker/tags/old";
        assertThat(send("DELETE", tagUrl, null, "Authorization", "Bearer " + readOnly).status()).isEqualTo(403);
        assertThat(send("DELETE", tagUrl, null, "Authorization", "Bearer " + readWrite).status()).isEqualTo(204);
        assertThat(dox.backend().tags("shop/team/worker")).containsExactly("v1");
        String digestUrl = dox.apiUrl() + "/v2/registry/shop/repositories/team%2Fworker/digests/"
                + image("do shop/team/worker").digest();
        assertThat(send("DELETE", digestUrl, null, "Authorization", "Bearer " + readWrite).status()).isEqualTo(204);
        assertThat(dox.backend().tags("shop/team/worker")).isEmpty();
    }
}
