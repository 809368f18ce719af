package io.whittle.server.api.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.Digest;
import io.whittle.oci.ImageReference;
import io.whittle.oci.Platform;
import io.whittle.oci.inspect.InspectionJson;
import io.whittle.oci.inspect.Inspector;
import io.whittle.registry.RegistryClient;
import io.whittle.registry.auth.Credential;
import io.whittle.registry.net.OutboundPolicy;
import io.whittle.server.http.Json;
import io.whittle.server.testing.Client;
import io.whittle.server.testing.TestServer;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.RegistryExtension;
import io.whittle.testkit.Skopeo;
import io.whittle.testkit.TestIndex;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a connector sees, over HTTP: repositories and tags page by page, and images inspected into the very document
 * {@code whittle inspect -o json} prints for them (made here by the code the CLI runs, over a client of its own).
 */
class BrowseApiTest {
    private static final Credentials ROBOT = Credentials.of("robot", "s3cret-browse-api-91c4");

    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.basic(ROBOT.username(), ROBOT.password());

    private static TestServer server;
    private static Client client;
    private static String connector;
    private static Digest v1;
    private static TestIndex multi;

    @BeforeAll
    static void start() {
        String url = REGISTRY.url();
        v1 = ConnectorFixtures.image("browse-v1").push(url, "team/app", "v1", Optional.of(ROBOT));
        ConnectorFixtures.image("browse-v2").push(url, "team/app", "v2", Optional.of(ROBOT));
        ConnectorFixtures.image("browse-tool").push(url, "other/tool", "1", Optional.of(ROBOT));
        multi = ConnectorFixtures.FACTORY.multiPlatform(ImageFormat.OCI, "browse-multi", Platform.of("linux", "amd64"),
                Platform.of("linux", "arm64", "v8"));
        multi.push(url, "team/multi", "1", Optional.of(ROBOT));
        server = TestServer.start();
        client = server.as(server.user("ivy"));
        connector = ConnectorFixtures.addGeneric(client, "local", REGISTRY.hostPort(), Optional.of(ROBOT));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void repositoriesArePagedWithTheProvidersToken() {
        String path = "/api/v1/connectors/" + connector + "/repositories";
        JsonNode all = client.get(path).expect(200).json();
        assertThat(names(all)).containsExactly("other/tool", "team/app", "team/multi");
        assertThat(all.get("items").get(0).has("updatedAt")).isTrue();

        List<String> paged = new ArrayList<>();
        JsonNode page = client.get(path + "?limit=2").expect(200).json();
        paged.addAll(names(page));
        assertThat(page.get("next").isNull()).isFalse();
        page = client.get(path + "?limit=2&cursor=" + encode(page.get("next").asText())).expect(200).json();
        paged.addAll(names(page));
        assertThat(page.get("next").isNull()).isTrue();
        assertThat(paged).containsExactly("other/tool", "team/app", "team/multi");
    }

    @Test
    void tagsAreListedForARepositoryNamedInTheQuery() {
        String path = "/api/v1/connectors/" + connector + "/tags?repository=";
        assertThat(names(client.get(path + "team/app").expect(200).json())).containsExactly("v1", "v2");
        assertThat(names(client.get(path + encode(REGISTRY.hostPort() + "/team/app")).expect(200).json()))
                .containsExactly("v1", "v2");
        // Following the pages gives every tag once (this registry may answer more than asked for on a page).
        List<String> paged = new ArrayList<>();
        JsonNode page = client.get(path + "team/app&limit=1").expect(200).json();
        paged.addAll(names(page));
        while (!page.get("next").isNull()) {
            page = client.get(path + "team/app&limit=1&cursor=" + encode(page.get("next").asText())).expect(200).json();
            paged.addAll(names(page));
        }
        assertThat(paged).containsExactly("v1", "v2");

        assertThat(client.get(path + "team/app:v1").expect(400).text("detail"))
                .isEqualTo("'team/app:v1' is not a repository: name one such as team/app, without a tag or digest.");
        client.get("/api/v1/connectors/" + connector + "/tags").expect(400);
        client.get(path + "team/nothing-here").expect(404);
    }

    @Test
    void anImageIsInspectedIntoTheDocumentTheCliPrints() throws Exception {
        String host = REGISTRY.hostPort();
        for (String given : List.of("team/app:v1", host + "/team/app:v1", "team/app@" + v1)) {
            JsonNode served = inspect(given, null);
            assertThat(served).isEqualTo(local(host + "/" + given.replace(host + "/", ""), Optional.empty()));
            assertThat(served.get("digest").asText()).isEqualTo(v1.toString());
        }
        JsonNode byTag = inspect("team/app:v1", null);
        assertThat(byTag.get("reference").asText()).isEqualTo(host + "/team/app:v1");
        assertThat(byTag.get("kind").asText()).isEqualTo("image");
        assertThat(byTag.get("digest").asText()).isEqualTo(Skopeo.create()
                .digest(Skopeo.docker(host, "team/app", "v1"), Optional.of(ROBOT)).toString());

        JsonNode index = inspect("team/multi:1", null);
        assertThat(index).isEqualTo(local(host + "/team/multi:1", Optional.empty()));
        assertThat(index.get("kind").asText()).isEqualTo("index");
        assertThat(index.get("digest").asText()).isEqualTo(multi.digest().toString());
        assertThat(index.get("manifests")).hasSize(2);

        Platform arm = Platform.of("linux", "arm64", "v8");
        JsonNode armImage = inspect("team/multi:1", "linux/arm64/v8");
        assertThat(armImage).isEqualTo(local(host + "/team/multi:1", Optional.of(arm)));
        assertThat(armImage.get("index").asText()).isEqualTo(multi.digest().toString());
        assertThat(armImage.get("digest").asText()).isEqualTo(multi.image(arm).digest().toString());
    }

    @Test
    void whatCannotBeInspectedIsSaidClearly() {
        String path = "/api/v1/connectors/" + connector + "/image";
        client.get(path).expect(400);
        client.get(path + "?reference=team/app:nope").expect(404);
        client.get(path + "?reference=" + encode("Team/App:v1")).expect(400);
        client.get(path + "?reference=team/multi:1&platform=linux/s390x").expect(404);
        assertThat(client.get(path + "?reference=team/multi:1&platform=linux").expect(400).text("detail"))
                .contains("is not a platform");
        client.get("/api/v1/connectors/generic.0000000000/image?reference=team/app:v1").expect(404);
        // Registry calls are counted by provider and outcome.
        assertThat(server.as(server.admin("ops")).get("/metrics").expect(200).body())
                .containsPattern("whittle_registry_calls_total\\{outcome=\"not-found\",provider=\"generic\"} [1-9]");
    }

    private static JsonNode inspect(String reference, String platform) {
        return client.get("/api/v1/connectors/" + connector + "/image?reference=" + encode(reference)
                + (platform == null ? "" : "&platform=" + encode(platform))).expect(200).json();
    }

    /** What {@code whittle inspect -o json REF} prints: the same code, over a registry client of its own. */
    private static JsonNode local(String reference, Optional<Platform> platform) throws Exception {
        ImageReference ref = ImageReference.parse(reference);
        try (RegistryClient own = RegistryClient.builder().policy(OutboundPolicy.cli())
                .keychain(h -> new Credential.Basic(ROBOT.username(), ROBOT.password())).build()) {
            // Through text, as the CLI prints it and the server sends it (numbers then compare by value).
            return Json.mapper().readTree(InspectionJson.of(Inspector.inspect(own.repository(ref), ref.toString(),
                    ref.identifier(), platform)).toString());
        }
    }

    private static List<String> names(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("items").forEach(i -> out.add(i.get("name").asText()));
        return out;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
