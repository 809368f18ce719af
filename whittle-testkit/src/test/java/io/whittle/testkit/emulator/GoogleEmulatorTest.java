package io.whittle.testkit.emulator;

import static io.whittle.testkit.emulator.Fixtures.get;
import static io.whittle.testkit.emulator.Fixtures.image;
import static io.whittle.testkit.emulator.Fixtures.scopes;
import static io.whittle.testkit.emulator.Fixtures.send;
import static io.whittle.testkit.emulator.Fixtures.skopeoPush;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.Skopeo;
import io.whittle.testkit.ToolException;
import io.whittle.testkit.TokenIssuer.Grant;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Google emulator driven by the real google-auth-library. */
class GoogleEmulatorTest {
    static GoogleEmulator google;
    static GoogleEmulator.ServiceAccount writer;
    static GoogleEmulator.ServiceAccount reader;

    @BeforeAll
    static void start() {
        google = GoogleEmulator.startArtifactRegistry("europe");
        writer = google.serviceAccount("proj", "ci", Grant.repository("proj/*", "pull", "push", "delete"));
        reader = google.serviceAccount("proj", "viewer", Grant.repository("proj/*", "pull"));
        Credentials key = Credentials.of("_json_key", writer.keyJson());
        for (String tag : List.of("a", "b", "c")) {
            image("gar " + tag).push(google.registryUrl(), "proj/docker/app", tag, Optional.of(key));
        }
    }

    @AfterAll
    static void stop() {
        google.close();
    }

    static AccessToken accessToken(GoogleEmulator.ServiceAccount sa, String scope) throws IOException {
        GoogleCredentials c = ServiceAccountCredentials.fromStream(
                new ByteArrayInputStream(sa.keyJson().getBytes(StandardCharsets.UTF_8))).createScoped(List.of(scope));
        return c.refreshAccessToken();
    }

    @Test
    void theAuthLibraryExchangesASignedJwtForAnAccessTokenThatTheRegistryTakes() throws IOException {
        AccessToken token = accessToken(reader, GoogleEmulator.CLOUD_PLATFORM);
        assertThat(token.getTokenValue()).startsWith("ya29.");
        byte[] raw = Skopeo.create().inspectRaw(Skopeo.docker(google.registryHostPort(), "proj/docker/app", "a"),
                Optional.of(Credentials.of("oauth2accesstoken", token.getTokenValue())));
        assertThat(raw).isEqualTo(image("gar a").manifestBytes());
        assertThat(google.requests("oauth")).anySatisfy(r -> assertThat(r.status()).isEqualTo(200));
    }

    @Test
    void theTokenEndpointChecksScopeSignatureAndAudience() {
        assertThatThrownBy(() -> accessToken(reader, "https://www.googleapis.com/auth/userinfo.email"))
                .isInstanceOf(IOException.class).hasMessageContaining("invalid_scope");
        // A key whose private key was replaced: same account, wrong signature.
        GoogleEmulator.ServiceAccount other = google.serviceAccount("proj", "other");
        String forged = reader.keyJson().replace(privateKey(reader.keyJson()), privateKey(other.keyJson()));
        assertThatThrownBy(() -> ServiceAccountCredentials.fromStream(new ByteArrayInputStream(
                forged.getBytes(StandardCharsets.UTF_8))).createScoped(List.of(GoogleEmulator.CLOUD_PLATFORM))
                .refreshAccessToken()).isInstanceOf(IOException.class).hasMessageContaining("Invalid JWT Signature");
        Fixtures.Response noAssertion = send("POST", google.tokenUri(), "grant_type="
                + Fixtures.enc("urn:ietf:params:oauth:grant-type:jwt-bearer") + "&assertion=x", "Content-Type",
                "application/x-www-form-urlencoded");
        assertThat(noAssertion.status()).isEqualTo(400);
    }

    private static String privateKey(String json) {
        try {
            return io.whittle.oci.Json.MAPPER.readTree(json).get("private_key").asText()
                    .replace("\n", "\\n");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aJsonKeyLogsInAndAReaderCannotPush() {
        Fixtures.Response wrong = get(google.realm() + "?service=europe-docker.pkg.dev",
                "Authorization", Credentials.of("_json_key", "{\"client_email\":\"x\"}").basicAuthorization());
        assertThat(wrong.status()).isEqualTo(401);
        assertThatThrownBy(() -> skopeoPush("gar denied", google.registryHostPort(), "proj/docker/app", "d",
                Credentials.of("_json_key", reader.keyJson()))).isInstanceOf(ToolException.class);
        skopeoPush("gar ok", google.registryHostPort(), "proj/docker/other", "v1",
                Credentials.of("_json_key", writer.keyJson()));
        assertThat(google.backend().tags("proj/docker/other")).containsExactly("v1");
    }

    @Test
    void tagListsCarryTheManifestMapAndDeletesNeedTagsRemovedFirst() {
        String token = Fixtures.bearer(google.realm() + "?service=europe-docker.pkg.dev"
                + scopes("repository:proj/docker/del:pull,push,delete"), Credentials.of("_json_key", writer.keyJson()));
        image("gar del").push(google.registryUrl(), "proj/docker/del", "x",
                Optional.of(Credentials.of("_json_key", writer.keyJson())));
        String digest = image("gar del").digest().toString();
        JsonNode tags = get(google.registryUrl() + "/v2/proj/docker/del/tags/list", "Authorization",
                "Bearer " + token).json();
        assertThat(tags.get("tags").get(0).asText()).isEqualTo("x");
        assertThat(tags.get("manifest").get(digest).get("tag").get(0).asText()).isEqualTo("x");
        assertThat(tags.get("manifest").get(digest).get("mediaType").asText())
                .isEqualTo("application/vnd.oci.image.manifest.v1+json");

        Fixtures.Response dangling = send("DELETE", google.registryUrl() + "/v2/proj/docker/del/manifests/" + digest,
                null, "Authorization", "Bearer " + token);
        assertThat(dangling.status()).isEqualTo(400);
        assertThat(dangling.body()).contains("GOOGLE_MANIFEST_DANGLING_TAG");
        assertThat(send("DELETE", google.registryUrl() + "/v2/proj/docker/del/manifests/x", null,
                "Authorization", "Bearer " + token).status()).isEqualTo(202);
        assertThat(send("DELETE", google.registryUrl() + "/v2/proj/docker/del/manifests/" + digest, null,
                "Authorization", "Bearer " + token).status()).isEqualTo(202);
        assertThat(google.backend().manifestDigests("proj/docker/del")).isEmpty();

        String readOnly = Fixtures.bearer(google.realm() + "?service=europe-docker.pkg.dev"
                + scopes("repository:proj/docker/app:pull,delete"), Credentials.of("_json_key", reader.keyJson()));
        assertThat(send("DELETE", google.registryUrl() + "/v2/proj/docker/app/manifests/a", null,
                "Authorization", "Bearer " + readOnly).status()).isEqualTo(401);
    }

    @Test
    void artifactRegistryListsDockerImagesInPages() throws IOException {
        String token = accessToken(reader, GoogleEmulator.CLOUD_PLATFORM).getTokenValue();
        String base = google.apiUrl() + "/v1/projects/proj/locations/europe/repositories/docker/dockerImages?pageSize=2";
        List<String> uris = new ArrayList<>();
        String url = base;
        int pages = 0;
        while (url != null) {
            JsonNode page = get(url, "Authorization", "Bearer " + token).json();
            page.get("dockerImages").forEach(i -> uris.add(i.get("uri").asText()));
            url = page.has("nextPageToken") ? base + "&pageToken=" + page.get("nextPageToken").asText() : null;
            pages++;
        }
        assertThat(pages).isGreaterThan(1);
        assertThat(uris).contains(google.registryHostPort() + "/proj/docker/app@" + image("gar a").digest());
        assertThat(get(base, "Authorization", "Bearer ya29.unknown").status()).isEqualTo(401);
        String otherProject = google.apiUrl() + "/v1/projects/elsewhere/locations/europe/repositories/docker/dockerImages";
        assertThat(get(otherProject, "Authorization", "Bearer " + token).status()).isEqualTo(403);
    }
}
