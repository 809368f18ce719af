package io.whittle.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.Digest;
import io.whittle.server.api.registry.ConnectorFixtures;
import io.whittle.server.testing.Client;
import io.whittle.server.testing.TestServer;
import io.whittle.server.testing.TestUser;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.RegistryExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The whole path of a person with a self-hosted registry, in Chromium: sign in, connect a registry that checks
 * passwords (a wrong one first), find it in My Registries, use its Connector ID over the API, browse to a tag, edit
 * it without retyping the secret, delete it; and another user who cannot reach any of it.
 */
class GenericRegistryBrowserTest {
    private static final Credentials ROBOT = Credentials.of("robot", "s3cret-browser-generic-5b19");
    private static final String WRONG = "not-the-password-0c7e";

    @RegisterExtension
    @Order(1)
    static final RegistryExtension REGISTRY = RegistryExtension.basic(ROBOT.username(), ROBOT.password());

    @RegisterExtension
    @Order(2)
    static final BrowserExtension WEB = BrowserExtension.create();

    private static Digest v1;
    private static Digest v2;

    @BeforeAll
    static void seed() {
        v1 = ConnectorFixtures.image("browser-v1").push(REGISTRY.url(), "team/app", "v1", Optional.of(ROBOT));
        v2 = ConnectorFixtures.image("browser-v2").push(REGISTRY.url(), "team/app", "v2", Optional.of(ROBOT));
        ConnectorFixtures.image("browser-tool").push(REGISTRY.url(), "other/tool", "1", Optional.of(ROBOT));
    }

    @Test
    void signingInLeadsBackToThePageAsked() {
        TestUser ada = WEB.server().user("ada");
        Browser b = WEB.browser();
        b.open("/registries");
        assertThat(b.path()).startsWith("/signin?next=");
        b.screenshot("sign-in");

        b.signIn(ada.username(), "not-" + ada.password());
        assertThat(b.alert()).isNotBlank().doesNotContain(ada.password());
        assertThat(b.path()).startsWith("/signin");
        b.screenshot("sign-in-refused");

        b.signIn(ada.username(), ada.password()).waitForHeading("My Registries");
        assertThat(b.path()).isEqualTo("/registries");
        b.assertPresentable().screenshot("my-registries");

        b.press("Sign out");
        b.open("/registries");
        assertThat(b.path()).startsWith("/signin");
    }

    @Test
    void aRegistryIsConnectedWithAWrongPasswordFirstAndItsIdWorks() {
        TestServer server = WEB.server();
        TestUser ann = server.user("ann");
        Client api = server.as(ann);
        String host = REGISTRY.hostPort();
        Browser b = WEB.browser();
        b.open("/signin").signIn(ann.username(), ann.password()).waitForHeading("My Registries");

        // A wrong password first: the error is next to the password field, which is not filled back in.
        ConnectFlow.openForm(b, "generic", "Any OCI registry");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Registry", host);
        fields.put("User name", ROBOT.username());
        fields.put("Password or token", WRONG);
        ConnectFlow.fill(b, "team registry", fields);
        b.screenshot("generic-form");
        b.press("Connect");
        assertThat(b.errorFor("Password or token")).contains(host);
        assertThat(b.pageSource()).doesNotContain(WRONG);
        b.screenshot("wrong-password");

        b.type("Password or token", ROBOT.password());
        String id = ConnectFlow.connect(b);
        assertThat(id).matches("generic\\.[0-9a-z]{10}");
        assertThat(b.pageSource()).doesNotContain(ROBOT.password());
        b.screenshot("connector-id");

        // The Connector ID is the one the API (and the CLI) take.
        JsonNode shown = api.get("/api/v1/connectors/" + id).expect(200).json();
        assertThat(shown.get("name").asText()).isEqualTo("team registry");
        assertThat(shown.get("status").asText()).isEqualTo("verified");
        assertThat(api.get("/api/v1/connectors/" + id + "/tags?repository=team/app").expect(200).body())
                .contains("\"v1\"", "\"v2\"");

        // My Registries lists it.
        b.open("/registries").waitForHeading("My Registries");
        assertThat(b.bodyText()).contains("team registry", id, host, "Any OCI registry");
        b.assertPresentable().screenshot("my-registries");
    }

    @Test
    void aConnectorSavedDespiteAFailedCheckSaysWhyUntilItIsFixedAndTested() {
        TestServer server = WEB.server();
        TestUser fay = server.user("fay");
        Client api = server.as(fay);
        String host = REGISTRY.hostPort();
        Browser b = WEB.browser();
        b.open("/signin").signIn(fay.username(), fay.password()).waitForHeading("My Registries");

        ConnectFlow.openForm(b, "generic", "Any OCI registry");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Registry", host);
        fields.put("User name", ROBOT.username());
        fields.put("Password or token", WRONG);
        ConnectFlow.fill(b, "fay's registry", fields);
        b.tick("Save without verifying");
        b.press("Connect");
        b.waitForHeading("fay's registry");
        String id = b.textOf("connector-id");
        assertThat(b.textOf("status")).doesNotContain("Verified").contains(host);
        b.screenshot("saved-unverified");

        // My Registries says why, in the connector's row.
        b.open("/registries").waitForHeading("My Registries");
        assertThat(b.textOf("row-" + id)).contains(host).doesNotContain("Verified");
        b.screenshot("my-registries-failing");

        // Fixed on the edit page, then tested again from the connector page (in place, without a new page).
        b.open("/registries/" + id + "/edit");
        b.type("Password or token", ROBOT.password());
        b.press("Save");
        b.waitForHeading("fay's registry");
        assertThat(b.textOf("status")).contains("Verified");
        String checked = api.get("/api/v1/connectors/" + id).expect(200).json().get("lastCheckedAt").asText();
        b.press("Test");
        b.until(d -> !api.get("/api/v1/connectors/" + id).json().get("lastCheckedAt").asText().equals(checked));
        assertThat(b.path()).startsWith("/registries/" + id);
        assertThat(b.textOf("status")).contains("Verified");
        b.screenshot("tested");
    }

    @Test
    void aTagIsFoundInTheExplorer() {
        TestServer server = WEB.server();
        TestUser eve = server.user("eve");
        String id = ConnectorFixtures.addGeneric(server.as(eve), "eve's registry", REGISTRY.hostPort(),
                Optional.of(ROBOT));
        Browser b = WEB.browser();
        b.open("/signin").signIn(eve.username(), eve.password()).waitForHeading("My Registries");

        // The tree: connector › repository › tag, then the image page with the digest.
        b.open("/explore").waitForHeading("Registry explorer");
        b.assertPresentable().screenshot("explorer");
        b.expand("eve's registry");
        b.expand("team/app");
        // A plain registry lists tag names only: each row reads its own details once shown.
        String shortV1 = v1.toString().substring(0, "sha256:".length() + 12);
        List<String> cells = b.until(d -> {
            List<String> texts = d.findElements(By.xpath("//table[contains(@class,'tags')]//tr[td/a[text()='v1']]/td"))
                    .stream().map(WebElement::getText).toList();
            return texts.size() == 5 && !texts.get(2).equals("—") && !texts.get(4).equals("—") ? texts : null;
        });
        assertThat(cells.get(1)).isEqualTo(shortV1);
        assertThat(cells.get(2)).isEqualTo("linux/amd64");
        assertThat(cells.get(3)).matches("[0-9.]+ (B|kB|MB)");
        assertThat(cells.get(4)).startsWith("2024-01-01");
        b.assertPresentable().screenshot("explorer-tags");
        b.follow("v1");
        assertThat(b.path()).startsWith("/images/" + id);
        assertThat(b.bodyText()).contains(v1.toString());
        b.assertPresentable().screenshot("image");

        // The search goes over every connector of the organization.
        b.open("/explore").waitForHeading("Registry explorer");
        b.type("Search repositories", "team/a");
        b.press("Search");
        assertThat(b.bodyText()).contains("eve's registry", "team/app").doesNotContain("other/tool");
        b.screenshot("explorer-search");
        b.follow("team/app");
        b.follow("v2");
        assertThat(b.path()).startsWith("/images/" + id);
        assertThat(b.bodyText()).contains(v2.toString());
    }

    @Test
    void editingKeepsABlankSecretAndDeletingAsksFirst() {
        TestServer server = WEB.server();
        TestUser ed = server.user("ed");
        Client api = server.as(ed);
        String id = ConnectorFixtures.addGeneric(api, "ed's registry", REGISTRY.hostPort(), Optional.of(ROBOT));
        Browser b = WEB.browser();
        b.open("/signin").signIn(ed.username(), ed.password()).waitForHeading("My Registries");

        // Edit: the secret field is empty and says so; leaving it blank keeps the secret. No page carries it.
        b.open("/registries/" + id);
        b.follow("Edit");
        assertThat(b.path()).isEqualTo("/registries/" + id + "/edit");
        assertThat(b.field("Password or token").getDomProperty("value")).isEmpty();
        assertThat(b.pageSource()).doesNotContain(ROBOT.password());
        assertThat(b.bodyText()).containsIgnoringCase("leave blank to keep");
        b.assertPresentable().screenshot("edit");
        b.type(b.firstLabel("Name", "Connector name"), "ed's registry (renamed)");
        b.press("Save");
        b.waitForHeading("ed's registry (renamed)");
        assertThat(b.pageSource()).doesNotContain(ROBOT.password());
        // The settings read as the form does: its labels, the registry host once.
        String settings = b.driver().findElement(By.xpath("//section[h2='Settings']//dl")).getText();
        assertThat(settings).contains("User name").contains("Password or token").doesNotContain("username");
        assertThat(settings.split(java.util.regex.Pattern.quote(REGISTRY.hostPort()), -1)).hasSize(2);
        b.screenshot("saved");
        JsonNode shown = api.get("/api/v1/connectors/" + id).expect(200).json();
        assertThat(shown.get("name").asText()).isEqualTo("ed's registry (renamed)");
        assertThat(shown.get("status").asText()).isEqualTo("verified");
        assertThat(api.post("/api/v1/connectors/" + id + "/test", null).expect(200).json().get("verified").asBoolean())
                .as("the kept secret still works").isTrue();

        // Delete asks first; Cancel keeps it, Delete removes it.
        b.press("Delete");
        b.screenshot("confirm-delete");
        assertThat(b.bodyText()).contains(id);
        api.get("/api/v1/connectors/" + id).expect(200);
        confirm(b);
        b.waitForHeading("My Registries");
        assertThat(b.bodyText()).doesNotContain("ed's registry (renamed)");
        b.screenshot("deleted");
        api.get("/api/v1/connectors/" + id).expect(404);
    }

    @Test
    void anotherUserCannotReachAConnectorOrItsImages() {
        TestServer server = WEB.server();
        TestUser owner = server.user("olga");
        TestUser other = server.user("otto");
        String id = ConnectorFixtures.addGeneric(server.as(owner), "olga's registry", REGISTRY.hostPort(),
                Optional.of(ROBOT));
        Browser b = WEB.browser();
        b.open("/signin").signIn(other.username(), other.password()).waitForHeading("My Registries");
        assertThat(b.bodyText()).doesNotContain("olga's registry");

        String image = "/images/" + id + "?reference=" + URLEncoder.encode("team/app:v1", StandardCharsets.UTF_8);
        Client session = Client.of(server.baseUrl()).withHeader("Cookie", b.cookieHeader());
        for (String page : new String[] {"/registries/" + id, "/registries/" + id + "/edit",
                "/registries/" + id + "/delete", "/explore/" + id + "/repositories",
                "/explore/" + id + "/tags?repository=team/app", image}) {
            assertThat(session.get(page).status()).as(page).isEqualTo(404);
        }
        // Nor can the forms be sent for it, with this user's own valid CSRF token.
        String csrf = b.driver().findElement(By.cssSelector("input[name=csrf]")).getDomProperty("value");
        for (String form : new String[] {"/registries/" + id + "/delete", "/registries/" + id + "/test",
                "/registries/" + id + "/edit"}) {
            assertThat(postForm(server, b.cookieHeader(), form, "csrf=" + csrf + "&name=taken")).as(form)
                    .isEqualTo(404);
        }
        assertThat(server.as(owner).get("/api/v1/connectors/" + id).expect(200).json().get("name").asText())
                .isEqualTo("olga's registry");
        b.open("/registries/" + id);
        assertThat(b.bodyText()).containsIgnoringCase("not found").doesNotContain("olga's registry")
                .doesNotContain(REGISTRY.hostPort());
        b.screenshot("not-found");
        b.open(image);
        assertThat(b.bodyText()).containsIgnoringCase("not found").doesNotContain(v1.toString());
        b.open("/explore").waitForHeading("Registry explorer");
        assertThat(b.bodyText()).doesNotContain("olga's registry");
        b.screenshot("explorer-of-another-user");
    }

    /** The status of a form sent as the browser would send it, with the browser's cookies. */
    private static int postForm(TestServer server, String cookies, String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(server.baseUrl().resolve(path))
                .header("Cookie", cookies).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Confirms a deletion, whether the page asks with the browser's dialog, a dialog of its own or a page. */
    static void confirm(Browser b) {
        if (b.dialogOpen()) {
            b.acceptDialog();
            return;
        }
        By dialogs = By.cssSelector("dialog[open], [role=dialog], [role=alertdialog]");
        List<WebElement> open = b.driver().findElements(dialogs).stream().filter(WebElement::isDisplayed).toList();
        if (open.isEmpty()) {
            b.press("Delete"); // a confirmation page
            return;
        }
        WebElement confirm = open.getFirst().findElement(By.xpath(".//button[normalize-space()='Delete']"));
        confirm.click();
    }
}
