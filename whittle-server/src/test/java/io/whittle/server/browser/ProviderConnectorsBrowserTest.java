package io.whittle.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.Digest;
import io.whittle.server.testing.Client;
import io.whittle.server.testing.TestUser;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.TokenIssuer.Grant;
import io.whittle.testkit.emulator.AzureEmulator;
import io.whittle.testkit.emulator.DigitalOceanEmulator;
import io.whittle.testkit.emulator.DockerHubEmulator;
import io.whittle.testkit.emulator.EcrEmulator;
import io.whittle.testkit.emulator.GitHubEmulator;
import io.whittle.testkit.emulator.GitLabEmulator;
import io.whittle.testkit.emulator.GoogleEmulator;
import io.whittle.testkit.emulator.QuayEmulator;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Each cloud provider connected in Chromium against its emulator (whittle-testkit), with the provider's endpoints
 * pointed at the emulator through the form's advanced fields: the form takes what the provider's instructions say
 * to create, the Connector ID works over the API, My Registries lists the connector, and the image page shows the
 * seeded image's digest. Docker Hub goes through a wrong token first.
 */
class ProviderConnectorsBrowserTest {
    @RegisterExtension
    static final BrowserExtension WEB = BrowserExtension.create();

    @Test
    void connectingANewRegistryOffersAllNineProviders() {
        TestUser user = WEB.server().user("picker");
        Browser b = signIn(user);
        b.open("/registries/new").waitForHeading("Connect a new registry");
        b.assertPresentable().screenshot("providers");
        Map<String, String> providers = new LinkedHashMap<>();
        providers.put("dockerhub", "Docker Hub");
        providers.put("ghcr", "GitHub Container Registry");
        providers.put("gitlab", "GitLab Container Registry");
        providers.put("ecr", "Amazon ECR");
        providers.put("gcr", "Google Container Registry / Artifact Registry");
        providers.put("acr", "Azure Container Registry");
        providers.put("quay", "Red Hat Quay");
        providers.put("digitalocean", "DigitalOcean Container Registry");
        providers.put("generic", "Any OCI registry");
        providers.forEach((id, name) -> {
            WebElement link = b.driver().findElement(By.cssSelector("a[href$='/registries/new/" + id + "']"));
            assertThat(link.getText()).as(id).contains(name);
        });
        // Each form has its instructions next to the fields.
        for (String id : providers.keySet()) {
            b.open("/registries/new/" + id).waitForHeading("Connect " + providers.get(id));
            assertThat(b.bodyText()).as(id).contains("How to connect " + providers.get(id));
            b.assertPresentable();
        }
    }

    @Test
    void dockerHub() {
        try (DockerHubEmulator hub = DockerHubEmulator.start().account("dev", "dev-password-1")) {
            Digest v1 = EmulatorSeed.push(hub.backend(), "dev/app", "v1", "browser-hub");
            TestUser user = WEB.server().user("hub-user");
            Browser b = signIn(user);
            ConnectFlow.openForm(b, "dockerhub", "Docker Hub");
            assertThat(b.bodyText()).contains("Personal access tokens");
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("Docker ID", "dev");
            fields.put("Access token", "dckr_pat_not-a-real-token-41aa");
            fields.put("Registry host", hub.registryHostPort());
            fields.put("Hub API URL", hub.hubUrl());
            ConnectFlow.fill(b, "docker hub", fields);
            b.screenshot("dockerhub-form");
            b.press("Connect");
            assertThat(b.errorFor("Access token")).isNotBlank();
            assertThat(b.pageSource()).doesNotContain("dckr_pat_not-a-real-token-41aa");
            b.screenshot("dockerhub-wrong-token");

            String token = hub.personalAccessToken("dev", DockerHubEmulator.Scope.WRITE);
            b.type("Access token", token);
            String id = connected(b, "dockerhub", token);
            found(b, user, id, "docker hub", "dev/app", "v1", v1);
        }
    }

    @Test
    void amazonEcrWithAccessKeys() {
        try (EcrEmulator ecr = EcrEmulator.start()) {
            ecr.repository("team/app");
            Digest v1 = EmulatorSeed.push(ecr.backend(), "team/app", "v1", "browser-ecr");
            EcrEmulator.AwsKeys keys = ecr.user("whittle-browser", EcrEmulator.Policy.fullAccess());
            TestUser user = WEB.server().user("ecr-user");
            Browser b = signIn(user);
            ConnectFlow.openForm(b, "ecr", "Amazon ECR");
            assertThat(b.bodyText()).containsIgnoringCase("role");
            b.type(b.firstLabel("Name", "Connector name"), "amazon ecr");
            b.type("Region", ecr.region());
            b.choose("Authentication", "keys");
            b.type("Access key ID", keys.accessKeyId());
            b.type("Secret access key", keys.secretAccessKey());
            b.type("ECR endpoint", ecr.apiUrl());
            b.type("STS endpoint", ecr.stsUrl());
            b.screenshot("ecr-form");
            String id = connected(b, "ecr", keys.secretAccessKey());
            found(b, user, id, "amazon ecr", "team/app", "v1", v1);
        }
    }

    @Test
    void googleWithAPastedJsonKey() {
        try (GoogleEmulator gcr = GoogleEmulator.startGcr()) {
            Digest v1 = EmulatorSeed.push(gcr.backend(), "proj/app", "v1", "browser-gcr");
            GoogleEmulator.ServiceAccount sa = gcr.serviceAccount("proj", "whittle",
                    Grant.repository("proj/*", "pull", "push", "delete"));
            TestUser user = WEB.server().user("gcr-user");
            Browser b = signIn(user);
            ConnectFlow.openForm(b, "gcr", "Google Container Registry / Artifact Registry");
            assertThat(b.bodyText()).contains("Storage Object Viewer");
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("Registry host", gcr.registryHostPort());
            fields.put("Service-account JSON key", sa.keyJson());
            fields.put("Token URL", gcr.tokenUri());
            fields.put("Artifact Registry API URL", gcr.apiUrl());
            ConnectFlow.fill(b, "google pasted", fields);
            b.screenshot("gcr-form");
            String id = connected(b, "gcr", privateKeyOf(sa.keyJson()));
            found(b, user, id, "google pasted", "proj/app", "v1", v1);
        }
    }

    @Test
    void googleWithAnUploadedJsonKey() throws IOException {
        try (GoogleEmulator gcr = GoogleEmulator.startGcr()) {
            Digest v1 = EmulatorSeed.push(gcr.backend(), "proj/app", "v1", "browser-gcr-upload");
            GoogleEmulator.ServiceAccount sa = gcr.serviceAccount("proj", "uploader",
                    Grant.repository("proj/*", "pull"));
            Path key = Files.createTempFile("whittle-sa-", ".json");
            try {
                Files.writeString(key, sa.keyJson());
                TestUser user = WEB.server().user("gcr-uploader");
                Browser b = signIn(user);
                ConnectFlow.openForm(b, "gcr", "Google Container Registry / Artifact Registry");
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put("Registry host", gcr.registryHostPort());
                fields.put("Token URL", gcr.tokenUri());
                fields.put("Artifact Registry API URL", gcr.apiUrl());
                ConnectFlow.fill(b, "google uploaded", fields);
                // The JSON key's own field offers the upload; the page reads the file (or sends it with the form).
                b.upload("Or upload the file", key);
                b.screenshot("gcr-upload");
                String id = connected(b, "gcr", privateKeyOf(sa.keyJson()));
                found(b, user, id, "google uploaded", "proj/app", "v1", v1);
            } finally {
                Files.deleteIfExists(key);
            }
        }
    }

    @Test
    void quayWithARobotAccount() {
        try (QuayEmulator quay = QuayEmulator.start()) {
            Digest v1 = EmulatorSeed.push(quay.backend(), "acme/app", "v1", "browser-quay");
            Credentials robot = quay.robot("acme", "whittle", Grant.repository("acme/*", "pull", "push", "delete"));
            TestUser user = WEB.server().user("quay-user");
            Browser b = signIn(user);
            ConnectFlow.openForm(b, "quay", "Red Hat Quay");
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("Robot account", robot.username());
            fields.put("Robot token", robot.password());
            fields.put("Quay host", quay.registryHostPort());
            ConnectFlow.fill(b, "quay robot", fields);
            b.screenshot("quay-form");
            String id = connected(b, "quay", robot.password());
            found(b, user, id, "quay robot", "acme/app", "v1", v1);
        }
    }

    @Test
    void gitHubWithAClassicToken() {
        try (GitHubEmulator github = GitHubEmulator.start().user("octo")) {
            Digest v1 = EmulatorSeed.push(github.backend(), "octo/app", "v1", "browser-ghcr");
            String token = github.classicToken("octo", Set.of("write:packages", "delete:packages"),
                    Optional.of(Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)));
            TestUser user = WEB.server().user("gh-user");
            Browser b = signIn(user);
            ConnectFlow.openForm(b, "ghcr", "GitHub Container Registry");
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("GitHub user name", "octo");
            fields.put("Personal access token (classic)", token);
            fields.put("Registry host", github.registryHostPort());
            fields.put("API URL", github.apiUrl());
            ConnectFlow.fill(b, "github packages", fields);
            b.screenshot("ghcr-form");
            String id = connected(b, "ghcr", token);
            found(b, user, id, "github packages", "octo/app", "v1", v1);
        }
    }

    @Test
    void digitalOceanWithAnApiToken() {
        try (DigitalOceanEmulator ocean = DigitalOceanEmulator.start("acme")) {
            Digest v1 = EmulatorSeed.push(ocean.backend(), "acme/app", "v1", "browser-do");
            String token = ocean.apiToken(Set.of("read", "write"), Optional.empty());
            TestUser user = WEB.server().user("do-user");
            Browser b = signIn(user);
            ConnectFlow.openForm(b, "digitalocean", "DigitalOcean Container Registry");
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("API token", token);
            fields.put("Registry host", ocean.registryHostPort());
            fields.put("API URL", ocean.apiUrl());
            ConnectFlow.fill(b, "digitalocean", fields);
            b.screenshot("digitalocean-form");
            String id = connected(b, "digitalocean", token);
            found(b, user, id, "digitalocean", "acme/app", "v1", v1);
        }
    }

    @Test
    void azureWithTheAdminUser() {
        try (AzureEmulator acr = AzureEmulator.start("acmeregistry")) {
            Digest v1 = EmulatorSeed.push(acr.backend(), "team/app", "v1", "browser-acr");
            Credentials admin = acr.adminUser();
            TestUser user = WEB.server().user("acr-user");
            Browser b = signIn(user);
            ConnectFlow.openForm(b, "acr", "Azure Container Registry");
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("Login server", acr.registryHostPort());
            fields.put("User name", admin.username());
            fields.put("Password", admin.password());
            ConnectFlow.fill(b, "azure admin", fields);
            b.screenshot("acr-form");
            String id = connected(b, "acr", admin.password());
            found(b, user, id, "azure admin", "team/app", "v1", v1);
        }
    }

    @Test
    void gitLabWithAPersonalAccessToken() {
        try (GitLabEmulator gitlab = GitLabEmulator.start().user("dev")) {
            gitlab.project("group/app");
            gitlab.member("group/app", "dev", GitLabEmulator.Role.MAINTAINER);
            Digest v1 = EmulatorSeed.push(gitlab.backend(), "group/app", "v1", "browser-gitlab");
            String token = gitlab.personalAccessToken("dev", Set.of("read_registry", "write_registry", "api"),
                    Optional.empty());
            TestUser user = WEB.server().user("gitlab-user");
            Browser b = signIn(user);
            ConnectFlow.openForm(b, "gitlab", "GitLab Container Registry");
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("GitLab URL", gitlab.gitlabUrl());
            fields.put("Registry host", gitlab.registryHostPort());
            fields.put("User name", "dev");
            fields.put("Personal access token", token);
            ConnectFlow.fill(b, "gitlab", fields);
            b.screenshot("gitlab-form");
            String id = connected(b, "gitlab", token);
            found(b, user, id, "gitlab", "group/app", "v1", v1);
        }
    }

    private static Browser signIn(TestUser user) {
        return WEB.browser().open("/signin").signIn(user.username(), user.password()).waitForHeading("My Registries");
    }

    /** Presses Connect and checks the Connector ID; the page never echoes {@code secret}. */
    private static String connected(Browser b, String provider, String secret) {
        String id = ConnectFlow.connect(b);
        assertThat(id).startsWith(provider + ".");
        assertThat(b.pageSource()).doesNotContain(secret);
        b.screenshot(provider + "-connector-id");
        return id;
    }

    /** The connector works over the API, My Registries lists it, and its image page shows the seeded digest. */
    private static void found(Browser b, TestUser user, String id, String name, String repository, String tag,
                              Digest digest) {
        Client api = WEB.server().as(user);
        JsonNode shown = api.get("/api/v1/connectors/" + id).expect(200).json();
        assertThat(shown.get("status").asText()).isEqualTo("verified");
        assertThat(api.get("/api/v1/connectors/" + id + "/tags?repository=" + repository).expect(200).body())
                .contains("\"" + tag + "\"");
        b.open("/registries").waitForHeading("My Registries");
        assertThat(b.bodyText()).contains(name);
        b.screenshot(id.substring(0, id.indexOf('.')) + "-my-registries");
        b.open("/images/" + id + "?reference=" + URLEncoder.encode(repository + ":" + tag, StandardCharsets.UTF_8));
        assertThat(b.bodyText()).contains(digest.toString());
        b.screenshot(id.substring(0, id.indexOf('.')) + "-image");
    }

    /** The base64 body of the key's private key (what must never appear in a page). */
    private static String privateKeyOf(String keyJson) {
        String marker = "PRIVATE KEY-----";
        int start = keyJson.indexOf(marker) + marker.length();
        String body = keyJson.substring(start).replace("\\n", "\n").strip();
        return body.substring(0, Math.min(40, body.length()));
    }
}
