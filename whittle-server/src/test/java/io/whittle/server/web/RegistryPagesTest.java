package io.whittle.server.web;

import static io.whittle.server.web.PageClient.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.server.api.registry.ConnectorFixtures;
import io.whittle.server.testing.TestServer;
import io.whittle.server.testing.TestUser;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.RegistryExtension;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * My Registries, connecting, editing, testing and deleting over real HTTP against a real registry: errors next to
 * their fields, the Connector ID after saving, secrets never in a page, CSRF on every form, and another
 * organization's connector the same 404 page as one that does not exist.
 */
class RegistryPagesTest {
    private static final Credentials ROBOT = Credentials.of("robot", "s3cret-pages-7d21c9");
    private static final Pattern ID = Pattern.compile("id=\"connector-id\">([a-z0-9]+\\.[a-z0-9]+)<");

    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.basic(ROBOT.username(), ROBOT.password());

    private static TestServer server;

    @BeforeAll
    static void start() {
        ConnectorFixtures.image("pages-v1").push(REGISTRY.url(), "team/app", "v1", Optional.of(ROBOT));
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static PageClient signedIn(TestUser user) {
        return new PageClient(server.baseUrl()).signIn(user.username(), user.password());
    }

    /** Connects a generic registry through the form and returns the connector page. */
    private static PageClient.Page connect(PageClient c, String name, String password) {
        PageClient.Page form = c.get("/registries/new/generic").expect(200);
        PageClient.Page saved = c.post("/registries/new/generic", form("csrf", form.csrf(), "name", name,
                "registry", REGISTRY.hostPort(), "username", ROBOT.username(), "password", password));
        if (saved.status() != 303) {
            return saved;
        }
        return c.get(saved.location()).expect(200);
    }

    private static String idOf(PageClient.Page page) {
        Matcher m = ID.matcher(page.body());
        assertThat(m.find()).as("a Connector ID on the page").isTrue();
        return m.group(1);
    }

    @Test
    void theProviderPickerListsTheNineProvidersAndEachFormShowsItsInstructions() {
        PageClient c = signedIn(server.user("pages-picker"));
        PageClient.Page pick = c.get("/registries/new").expect(200);
        assertThat(pick.body()).contains("<h1>Connect a new registry</h1>");
        var providers = server.services().connectors().providers();
        assertThat(providers).hasSize(9);
        for (var p : providers) {
            assertThat(pick.body()).contains("href=\"/registries/new/" + p.id() + "\"");
            PageClient.Page form = c.get("/registries/new/" + p.id()).expect(200);
            assertThat(form.body()).contains("<h1>Connect " + escape(p.displayName()) + "</h1>");
            for (String step : p.instructions().steps()) {
                assertThat(form.body()).as(p.id()).contains(escape(step));
            }
            for (var f : p.form().fields()) {
                assertThat(form.body()).as(p.id() + " " + f.key())
                        .contains("<label for=\"" + f.key() + "\">" + escape(f.label()));
            }
        }
        c.get("/registries/new/nonesuch").expect(404);
    }

    @Test
    void aWrongPasswordIsShownNextToItsFieldAndTheRightOneSavesAndShowsTheConnectorId() {
        PageClient c = signedIn(server.user("pages-connect"));
        PageClient.Page wrong = connect(c, "local", "not-the-password").expect(422);
        assertThat(wrong.body()).contains("role=\"alert\"").contains("id=\"password-error\"")
                .contains("aria-describedby=\"password-help password-error\"")
                .doesNotContain("not-the-password").contains("value=\"" + REGISTRY.hostPort() + "\"");

        PageClient.Page page = connect(c, "local", ROBOT.password());
        String id = idOf(page);
        assertThat(page.body()).contains("Copy").contains("whittle images --connector " + id)
                .contains("whittle inspect --connector " + id + " " + REGISTRY.hostPort() + "/REPO:TAG")
                .contains("whittle copy --from-connector " + id).doesNotContain(ROBOT.password());
        // Settings under the form's labels, the registry host once.
        String settings = page.body().substring(page.body().indexOf("<h2>Settings</h2>"));
        settings = settings.substring(0, settings.indexOf("</dl>"));
        assertThat(settings).contains("<dt>User name</dt><dd><code>" + ROBOT.username() + "</code></dd>")
                .contains("<dt>Secrets</dt><dd>Password or token (stored encrypted, never shown)</dd>")
                .doesNotContain("<dt>username</dt>").doesNotContain("<dt>registry</dt>")
                .doesNotContain("<dt>Registry</dt>");
        assertThat(settings.split(Pattern.quote(REGISTRY.hostPort()), -1)).hasSize(2);
        PageClient.Page list = c.get("/registries").expect(200);
        assertThat(list.body()).contains(id).contains("Verified").contains("read-write")
                .doesNotContain(ROBOT.password());

        PageClient.Page duplicate = connect(c, "local", ROBOT.password()).expect(422);
        assertThat(duplicate.body()).contains("id=\"name-error\"");
    }

    @Test
    void aJsonKeyMayBeUploadedAsAFileAndIsNeverShownBack() {
        PageClient c = signedIn(server.user("pages-upload"));
        PageClient.Page form = c.get("/registries/new/gcr").expect(200);
        assertThat(form.body()).contains("enctype=\"multipart/form-data\"").contains("<label for=\"key-file\">")
                .contains("type=\"file\" id=\"key-file\" name=\"key-file\"");
        String key = "{\"type\": \"service_account\", \"private_key\": \"canary-key-6f1e\"";
        PageClient.Page missing = c.postMultipart("/registries/new/gcr", form("csrf", form.csrf(), "name", "g",
                "registry", "gcr.io"), Map.of()).expect(422);
        assertThat(missing.body()).contains("id=\"key-error\"").contains("is required");
        PageClient.Page uploaded = c.postMultipart("/registries/new/gcr", form("csrf", form.csrf(), "name", "g",
                "registry", "gcr.io"), Map.of("key-file", key)).expect(422);
        assertThat(uploaded.body()).contains("id=\"key-error\"").doesNotContain("is required")
                .doesNotContain("canary-key-6f1e");
    }

    @Test
    void savingUnverifiedKeepsAConnectorWhoseCheckFailsWithTheReason() {
        PageClient c = signedIn(server.user("pages-unverified"));
        PageClient.Page form = c.get("/registries/new/generic").expect(200);
        PageClient.Page saved = c.post("/registries/new/generic", form("csrf", form.csrf(), "name", "later",
                "registry", REGISTRY.hostPort(), "username", ROBOT.username(), "password", "wrong-for-now",
                "unverified", "true")).expect(303);
        PageClient.Page page = c.get(saved.location()).expect(200);
        assertThat(page.body()).contains("Saved without a successful check").contains("Not verified")
                .doesNotContain("wrong-for-now");
    }

    @Test
    void theEditFormNeverHoldsTheStoredSecretAndABlankSecretKeepsIt() {
        PageClient c = signedIn(server.user("pages-edit"));
        String id = idOf(connect(c, "to-edit", ROBOT.password()));
        PageClient.Page edit = c.get("/registries/" + id + "/edit").expect(200);
        assertThat(edit.body()).contains("<h1>Edit to-edit</h1>").contains("leave blank to keep")
                .doesNotContain(ROBOT.password());
        PageClient.Page saved = c.post("/registries/" + id + "/edit", form("csrf", edit.csrf(), "name", "renamed",
                "registry", REGISTRY.hostPort(), "username", ROBOT.username(), "password", "",
                "version", versionOf(edit))).expect(303);
        PageClient.Page page = c.get(saved.location()).expect(200);
        assertThat(page.body()).contains("<h1>renamed</h1>").contains("Connected and verified")
                .doesNotContain(ROBOT.password());
    }

    @Test
    void testRefreshesTheRowAndDeleteAsksFirst() {
        PageClient c = signedIn(server.user("pages-test-delete"));
        String id = idOf(connect(c, "short-lived", ROBOT.password()));
        PageClient.Page list = c.get("/registries").expect(200);
        PageClient.Page row = c.post("/registries/" + id + "/test", form("view", "row"),
                Map.of("HX-Request", "true", "X-CSRF-Token", list.csrf())).expect(200);
        assertThat(row.body()).startsWith("<tr id=\"row-" + id + "\"").contains("Verified");

        PageClient.Page confirm = c.get("/registries/" + id + "/delete").expect(200);
        assertThat(confirm.body()).contains("Delete short-lived?").contains(">Delete</button>");
        assertThat(c.get("/registries/" + id).status()).isEqualTo(200); // nothing deleted by asking
        c.post("/registries/" + id + "/delete", form("csrf", confirm.csrf())).expect(303);
        assertThat(c.get("/registries/" + id).status()).isEqualTo(404);
    }

    @Test
    void formPostsWithoutTheCsrfTokenChangeNothing() {
        PageClient c = signedIn(server.user("pages-csrf"));
        String id = idOf(connect(c, "guarded", ROBOT.password()));
        c.post("/registries/" + id + "/delete", form()).expect(403);
        c.post("/registries/" + id + "/delete", form("csrf", "forged")).expect(403);
        c.post("/registries/" + id + "/test", form("view", "row"), Map.of("HX-Request", "true")).expect(403);
        c.post("/registries/new/generic", form("name", "sneaky", "registry", REGISTRY.hostPort())).expect(403);
        assertThat(c.get("/registries/" + id).status()).isEqualTo(200);
        assertThat(c.get("/registries").body()).doesNotContain("sneaky");
    }

    @Test
    void anotherOrganizationsConnectorIsNotFoundOnEveryPage() {
        PageClient alice = signedIn(server.user("pages-alice"));
        String id = idOf(connect(alice, "alices", ROBOT.password()));
        PageClient bob = signedIn(server.user("pages-bob"));
        String csrf = bob.get("/registries").csrf();
        for (String path : new String[] {"/registries/" + id, "/registries/" + id + "/edit",
                "/registries/" + id + "/delete", "/images/" + id + "?reference=team/app:v1",
                "/explore/" + id + "/repositories", "/explore/" + id + "/tags?repository=team/app"}) {
            PageClient.Page p = bob.get(path).expect(404);
            assertThat(p.body()).as(path).contains("role=\"alert\"").doesNotContain("alices");
        }
        bob.post("/registries/" + id + "/test", form("csrf", csrf)).expect(404);
        bob.post("/registries/" + id + "/edit", form("csrf", csrf, "name", "taken")).expect(404);
        bob.post("/registries/" + id + "/delete", form("csrf", csrf)).expect(404);
        assertThat(bob.get("/registries/nonesuch.abcdefghij").status()).isEqualTo(404);
        assertThat(alice.get("/registries/" + id).body()).contains("<h1>alices</h1>");
    }

    @Test
    void aViewerSeesConnectorsButCannotChangeThem() {
        TestUser owner = server.user("pages-team-owner");
        TestUser viewer = server.user("pages-team-viewer");
        var team = server.organization(owner, "pages-team");
        server.member(team, viewer, io.whittle.platform.account.Role.VIEWER);
        PageClient v = signedIn(viewer);
        PageClient.Page list = v.get("/registries").expect(200);
        v.post("/organization", form("csrf", list.csrf(), "organization", "pages-team", "next", "/registries"))
                .expect(303);
        assertThat(v.get("/registries").body()).doesNotContain("href=\"/registries/new\"");
        v.get("/registries/new").expect(403);
    }

    private static String versionOf(PageClient.Page page) {
        Matcher m = Pattern.compile("name=\"version\" value=\"(\\d+)\"").matcher(page.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    /** Text as a page writes it between tags. */
    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
