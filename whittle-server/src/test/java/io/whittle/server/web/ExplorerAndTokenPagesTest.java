package io.whittle.server.web;

import static io.whittle.server.web.PageClient.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.oci.Platform;
import io.whittle.server.api.registry.ConnectorFixtures;
import io.whittle.server.testing.TestServer;
import io.whittle.server.testing.TestUser;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.RegistryExtension;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The registry explorer (tree, search, image page) and the API tokens page, over real HTTP. */
class ExplorerAndTokenPagesTest {
    private static final Credentials ROBOT = Credentials.of("robot", "s3cret-explore-4be1a0");

    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.basic(ROBOT.username(), ROBOT.password());

    private static TestServer server;
    private static TestUser user;
    private static String connector;

    @BeforeAll
    static void start() {
        ConnectorFixtures.image("explore-v1").push(REGISTRY.url(), "team/app", "v1", Optional.of(ROBOT));
        ConnectorFixtures.image("explore-tool").push(REGISTRY.url(), "other/tool", "1", Optional.of(ROBOT));
        ImageFactory.temporary().multiPlatform(ImageFormat.OCI, "explore-multi", Platform.of("linux", "amd64"),
                Platform.of("linux", "arm64", "v8")).push(REGISTRY.url(), "team/multi", "1", Optional.of(ROBOT));
        server = TestServer.start();
        user = server.user("explorer");
        connector = ConnectorFixtures.addGeneric(server.as(user), "local", REGISTRY.hostPort(), Optional.of(ROBOT));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static PageClient signedIn() {
        return new PageClient(server.baseUrl()).signIn(user.username(), user.password());
    }

    @Test
    void theTreeOpensConnectorRepositoryAndTagWithAndWithoutScripts() {
        PageClient c = signedIn();
        PageClient.Page page = c.get("/explore").expect(200);
        assertThat(page.body()).contains("<h1>Registry explorer</h1>")
                .contains("hx-get=\"/explore/" + connector + "/repositories\"")
                .contains("<label for=\"q\">Search repositories</label>");
        PageClient.Page repos = c.getHtmx("/explore/" + connector + "/repositories").expect(200);
        assertThat(repos.body()).contains("team/app").contains("other/tool").contains("team/multi")
                .doesNotContain("<html");
        PageClient.Page tags = c.getHtmx("/explore/" + connector + "/tags?repository=team%2Fapp").expect(200);
        assertThat(tags.body()).contains(">v1</a>").contains("sha256:")
                .contains("/images/" + connector + "?reference=team%2Fapp%3Av1");

        PageClient.Page open = c.get("/explore?connector=" + connector + "&repository=team%2Fapp").expect(200);
        assertThat(open.body()).contains(">v1</a>").contains("other/tool");
    }

    @Test
    void eachTagRowLoadsItsDigestPlatformsSizeAndDateWhenShown() {
        PageClient c = signedIn();
        PageClient.Page tags = c.getHtmx("/explore/" + connector + "/tags?repository=team%2Fapp").expect(200);
        Matcher url = Pattern.compile("hx-get=\"(/explore/" + Pattern.quote(connector)
                + "/tag\\?repository=team%2Fapp&amp;tag=v1&amp;digest=sha256%3A[0-9a-f]{64})\"").matcher(tags.body());
        assertThat(url.find()).as(tags.body()).isTrue();
        assertThat(tags.body()).contains("hx-trigger=\"intersect once\"").contains("hx-swap=\"outerHTML\"");

        PageClient.Page row = c.getHtmx(url.group(1).replace("&amp;", "&")).expect(200);
        assertThat(row.body().strip()).startsWith("<tr").doesNotContain("hx-get").contains(">v1</a>")
                .contains("linux/amd64").contains("2024-01-01").containsPattern(">[0-9.]+ (B|kB)<")
                .contains("title=\"sha256:");
        // The same row by tag alone (a provider that lists no digest), and an index with its platforms.
        assertThat(c.getHtmx("/explore/" + connector + "/tag?repository=team%2Fapp&tag=v1").expect(200).body())
                .contains("linux/amd64").contains("2024-01-01");
        PageClient.Page multi = c.getHtmx("/explore/" + connector + "/tag?repository=team%2Fmulti&tag=1").expect(200);
        assertThat(multi.body()).contains("linux/amd64, linux/arm64/v8").contains("2 platform images");
        // A tag that is gone leaves the row readable and says why in its title.
        assertThat(c.getHtmx("/explore/" + connector + "/tag?repository=team%2Fapp&tag=nonesuch").expect(200).body())
                .contains(">nonesuch</a>").contains("Not read:");
        // Another user reaches nothing of it.
        TestUser other = server.user("explorer-other");
        new PageClient(server.baseUrl()).signIn(other.username(), other.password())
                .getHtmx("/explore/" + connector + "/tag?repository=team%2Fapp&tag=v1").expect(404);
    }

    @Test
    void theSearchLooksThroughEveryConnector() {
        PageClient c = signedIn();
        PageClient.Page found = c.get("/explore?q=TOOL").expect(200);
        assertThat(found.body()).contains("Repositories matching").contains(">other/tool</a>")
                .doesNotContain(">team/app</a>");
    }

    @Test
    void theImagePageShowsTheInspectionAndTheComingActions() {
        PageClient c = signedIn();
        PageClient.Page image = c.get("/images/" + connector + "?reference=team%2Fapp%3Av1").expect(200);
        assertThat(image.body()).contains(REGISTRY.hostPort() + "/team/app:v1").contains("sha256:")
                .contains("Layers").contains("coming soon");
        // X-ray runs (XrayPagesTest follows it); the other actions are still to come.
        assertThat(image.body()).contains("action=\"/images/" + connector + "/xray\"")
                .contains("<button type=\"submit\">X-ray</button>");
        for (String action : new String[] {"Compare", "Optimize", "Minify"}) {
            assertThat(image.body()).contains("disabled aria-describedby=\"soon-note\">" + action + "</button>");
        }
        PageClient.Page index = c.get("/images/" + connector + "?reference=team%2Fmulti%3A1").expect(200);
        assertThat(index.body()).contains("Multi-platform index").contains("linux/arm64/v8");
        PageClient.Page one = c.get("/images/" + connector + "?reference=team%2Fmulti%3A1&platform=linux%2Farm64%2Fv8")
                .expect(200);
        assertThat(one.body()).contains("linux/arm64/v8").contains("Layers");
        assertThat(c.get("/images/" + connector + "?reference=team%2Fapp%3Anonesuch").status()).isEqualTo(404);
    }

    @Test
    void aTokenIsShownOnceListedAndRevoked() {
        TestUser owner = server.user("token-page-user");
        PageClient c = new PageClient(server.baseUrl()).signIn(owner.username(), owner.password());
        PageClient.Page page = c.get("/tokens").expect(200);
        assertThat(page.body()).contains("<h1>API tokens</h1>").contains("No tokens yet.");
        c.post("/tokens", form("name", "laptop")).expect(403);
        PageClient.Page blank = c.post("/tokens", form("csrf", page.csrf(), "name", " ",
                "organization", "token-page-user", "expires", "30 days")).expect(422);
        assertThat(blank.body()).contains("id=\"token-name-error\"");

        // Post, redirect, get: the secret is on the page the redirect leads to, for this session, once.
        PageClient.Page posted = c.post("/tokens", form("csrf", page.csrf(), "name", "laptop",
                "organization", orgSlug(page), "expires", "30 days")).expect(303);
        assertThat(posted.location()).matches("/tokens\\?created=[0-9a-f]{36}").doesNotContain("wht_");
        assertThat(posted.body()).doesNotContain("wht_");
        PageClient sameUserElsewhere = new PageClient(server.baseUrl()).signIn(owner.username(), owner.password());
        assertThat(sameUserElsewhere.get(posted.location()).expect(200).body()).doesNotContain("id=\"token-secret\"")
                .contains("not shown again");
        PageClient.Page created = c.get(posted.location()).expect(200);
        assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
        Matcher m = Pattern.compile("id=\"token-secret\">(wht_[^<]+)<").matcher(created.body());
        assertThat(m.find()).isTrue();
        String secret = m.group(1);
        server.withToken(secret).get("/api/v1/me").expect(200);
        PageClient.Page reloaded = c.get(posted.location()).expect(200);
        assertThat(reloaded.body()).doesNotContain(secret).doesNotContain("id=\"token-secret\"")
                .contains("not shown again");
        assertThat(Pattern.compile(">laptop</td>").matcher(reloaded.body()).results().count()).isEqualTo(1);

        PageClient.Page list = c.get("/tokens").expect(200);
        assertThat(list.body()).contains("laptop").contains("active").doesNotContain(secret);
        Matcher revoke = Pattern.compile("action=\"(/tokens/[0-9a-f-]+/revoke)\"").matcher(list.body());
        assertThat(revoke.find()).isTrue();
        c.post(revoke.group(1), form("csrf", list.csrf())).expect(303);
        server.withToken(secret).get("/api/v1/me").expect(401);
        assertThat(c.get("/tokens").body()).contains("revoked");
        PageClient other = new PageClient(server.baseUrl()).signIn(user.username(), user.password());
        other.post(revoke.group(1), form("csrf", other.get("/tokens").csrf())).expect(404);
    }

    private static String orgSlug(PageClient.Page page) {
        Matcher m = Pattern.compile("<option value=\"([^\"]+)\" selected>").matcher(page.body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
