package io.whittle.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.platform.account.Role;
import io.whittle.platform.org.Organization;
import io.whittle.server.api.registry.ConnectorFixtures;
import io.whittle.server.api.xray.XrayFixtures;
import io.whittle.server.testing.TestServer;
import io.whittle.server.testing.TestUser;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.RegistryExtension;
import io.whittle.testkit.TestImage;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The X-ray pages over real HTTP, as a browser without scripts uses them: the image page's button, the progress page,
 * the report with every section, the explorer and previews as pages and as htmx partials, the list, and deleting.
 */
class XrayPagesTest {
    private static final Credentials ROBOT = Credentials.of("robot", "s3cret-xray-pages-91fe");
    private static final Pattern JOB = Pattern.compile("/xray/jobs/([0-9a-f-]{36})");
    private static final Pattern REPORT = Pattern.compile("/xray/([0-9a-f-]{36})");

    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.basic(ROBOT.username(), ROBOT.password());

    private static final ImageFactory IMAGES = ImageFactory.temporary();
    private static TestServer server;
    private static TestUser owner;
    private static String connector;
    private static TestImage image;

    @BeforeAll
    static void start() {
        image = XrayFixtures.image(IMAGES, "pages");
        image.push(REGISTRY.url(), "team/app", "1", Optional.of(ROBOT));
        server = TestServer.start();
        owner = server.user("owner");
        connector = ConnectorFixtures.addGeneric(server.as(owner), "local", REGISTRY.hostPort(), Optional.of(ROBOT));
    }

    @AfterAll
    static void stop() {
        server.close();
        IMAGES.close();
    }

    private static PageClient signedIn(TestUser u) {
        return new PageClient(server.baseUrl()).signIn(u.username(), u.password());
    }

    /** Presses the image page's X-ray button and follows the job to its report; returns the report's path. */
    private static String runXray(PageClient c) {
        PageClient.Page imagePage = c.get("/images/" + connector + "?reference=team%2Fapp%3A1").expect(200);
        assertThat(imagePage.body()).contains("action=\"/images/" + connector + "/xray\"")
                .contains("<button type=\"submit\">X-ray</button>")
                .contains("/xray?image=" + image.digest());
        PageClient.Page queued = c.post("/images/" + connector + "/xray", Map.of("csrf", imagePage.csrf(),
                "reference", "team/app:1", "platform", "linux/amd64")).expect(303);
        Matcher job = JOB.matcher(queued.location());
        assertThat(job.matches()).as(queued.location()).isTrue();
        Instant until = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(until)) {
            PageClient.Page progress = c.get(queued.location());
            if (progress.status() == 303) {
                assertThat(REPORT.matcher(progress.location()).matches()).as(progress.location()).isTrue();
                return progress.location();
            }
            assertThat(progress.status()).isEqualTo(200);
            assertThat(progress.body()).contains("X-ray of " + REGISTRY.hostPort() + "/team/app:1")
                    .doesNotContain("role=\"alert\"");
            PageClient.Page status = c.getHtmx(queued.location() + "/status");
            if (status.status() == 204) {
                assertThat(status.headers().firstValue("HX-Redirect")).hasValueSatisfying(l ->
                        assertThat(REPORT.matcher(l).matches()).isTrue());
            } else {
                assertThat(status.body()).contains("hx-trigger=\"every 1s\"").doesNotContain("<html");
            }
            sleep();
        }
        throw new AssertionError("the X-ray did not finish");
    }

    @Test
    void theImagePagesButtonLeadsToAReportWithEverySection() {
        PageClient c = signedIn(owner);
        String reportPath = runXray(c);
        PageClient.Page report = c.get(reportPath).expect(200);
        String id = reportPath.substring("/xray/".length());
        assertThat(report.body())
                .contains("X-ray of " + REGISTRY.hostPort() + "/team/app:1")
                .contains("id=\"overview\"", "id=\"layers\"", "id=\"treemap\"", "id=\"files\"", "id=\"packages\"",
                        "id=\"findings\"", "id=\"dockerfile\"", "id=\"downloads\"")
                .contains("Alpine Linux v3.19")
                .contains("<meter min=\"0\"")
                .contains("<svg class=\"treemap\"").contains("<rect")
                .contains("/bin/sh -c echo hello &gt; /app/hello.txt")
                .contains("href=\"/api/v1/xray-reports/" + id + "/sbom?format=cyclonedx\"")
                .contains("href=\"/api/v1/xray-reports/" + id + "/sbom?format=spdx\"")
                .contains("href=\"/api/v1/xray-reports/" + id + "/html?download=true\"")
                .contains("/assets/xray.css?v=").contains("/assets/xray.js?v=")
                .doesNotContain("style=\"");
        // The merged file system's root, listed without scripts too.
        assertThat(report.body()).contains(">app/</a>", ">bin/</a>", ">etc/</a>");

        // The downloads work with the browser's session (no token).
        PageClient.Page cdx = c.get("/api/v1/xray-reports/" + id + "/sbom?format=cyclonedx").expect(200);
        assertThat(cdx.body()).contains("\"bomFormat\"");

        PageClient.Page listed = c.get("/xray").expect(200);
        assertThat(listed.body()).contains("<h1>X-ray reports</h1>").contains("href=\"" + reportPath + "\"");
        assertThat(c.get("/xray?image=" + image.digest()).expect(200).body()).contains(reportPath);
    }

    @Test
    void theExplorerOpensLayersDirectoriesSearchesAndPreviews() {
        PageClient c = signedIn(owner);
        String reportPath = runXray(c);
        String id = reportPath.substring("/xray/".length());

        PageClient.Page layer1 = c.get(reportPath + "?layer=1&dir=%2F").expect(200);
        assertThat(layer1.body()).contains("<option value=\"1\" selected>Layer 1</option>")
                .contains("class=\"change-removed\"").contains("<span class=\"mark removed\">removed</span>");
        PageClient.Page etc = c.getHtmx("/xray/" + id + "/files?layer=1&dir=%2Fetc").expect(200);
        assertThat(etc.body()).startsWith("<div id=\"explorer\"").contains("motd")
                .contains("<span class=\"mark modified\">modified</span>").doesNotContain("<html");
        PageClient.Page onlyAdded = c.getHtmx("/xray/" + id + "/files?layer=1&dir=%2Fetc&show=added").expect(200);
        assertThat(onlyAdded.body()).doesNotContain("motd");

        PageClient.Page search = c.getHtmx("/xray/" + id + "/files?layer=merged&q=os-rel").expect(200);
        assertThat(search.body()).contains("/etc/os-release").contains("Clear the search");

        PageClient.Page preview = c.getHtmx("/xray/" + id + "/preview?layer=0&path=%2Fetc%2Fos-release").expect(200);
        assertThat(preview.body()).contains("<pre class=\"file-text\"").contains("PRETTY_NAME=\"Alpine Linux v3.19\"");
        PageClient.Page binary = c.getHtmx("/xray/" + id + "/preview?layer=0&path=%2Fbin%2Ftool").expect(200);
        assertThat(binary.body()).contains("role=\"alert\"").contains("binary");
        PageClient.Page page = c.get("/xray/" + id + "/preview?layer=0&path=%2Fbin%2Ftool").expect(415);
        assertThat(page.body()).contains("Back to the explorer");
    }

    @Test
    void anotherOrganizationsReportIsNotFoundAndTheOwnerDeletesOne() {
        PageClient c = signedIn(owner);
        String reportPath = runXray(c);
        String id = reportPath.substring("/xray/".length());

        TestUser viewer = server.user("viewer");
        Organization team = server.organization(owner, "xray-team");
        server.member(team, viewer, Role.VIEWER);
        PageClient v = signedIn(viewer);
        // The report is in the owner's personal organization: to anyone else, the same 404 as one that never existed.
        assertThat(v.get(reportPath).status()).isEqualTo(404);
        assertThat(v.get("/xray").expect(200).body()).contains("No X-ray reports yet");

        // The owner deletes it; the list no longer shows it.
        PageClient.Page shown = c.get(reportPath).expect(200);
        assertThat(shown.body()).contains("Delete report");
        c.post("/xray/" + id + "/delete", Map.of("csrf", shown.csrf())).expect(303);
        assertThat(c.get(reportPath).status()).isEqualTo(404);
        assertThat(c.get("/xray").expect(200).body()).doesNotContain(reportPath);
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
