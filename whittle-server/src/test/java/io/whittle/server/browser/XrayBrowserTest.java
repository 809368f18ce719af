package io.whittle.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.server.api.registry.ConnectorFixtures;
import io.whittle.server.api.xray.XrayFixtures;
import io.whittle.server.testing.TestServer;
import io.whittle.server.testing.TestUser;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.RegistryExtension;
import io.whittle.testkit.TestImage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * X-ray in Chromium, as a person uses it: from an image page in the explorer, run an X-ray, watch it, read the
 * report (overview, layer bars, treemap), explore a layer's files with their changes marked, open a directory,
 * preview a small text file, and find the SBOM and HTML downloads and the list of past reports.
 */
class XrayBrowserTest {
    private static final Credentials ROBOT = Credentials.of("robot", "s3cret-xray-browser-3a8e");

    @RegisterExtension
    @Order(1)
    static final RegistryExtension REGISTRY = RegistryExtension.basic(ROBOT.username(), ROBOT.password());

    @RegisterExtension
    @Order(2)
    static final BrowserExtension WEB = BrowserExtension.create();

    private static final ImageFactory IMAGES = ImageFactory.temporary();
    private static TestImage image;

    @BeforeAll
    static void seed() {
        image = XrayFixtures.image(IMAGES, "browser");
        image.push(REGISTRY.url(), "team/app", "1", Optional.of(ROBOT));
    }

    @AfterAll
    static void clean() {
        IMAGES.close();
    }

    @Test
    void anXrayIsRunFromTheImagePageAndItsReportExplored() {
        TestServer server = WEB.server();
        TestUser ivy = server.user("ivy");
        String id = ConnectorFixtures.addGeneric(server.as(ivy), "ivy's registry", REGISTRY.hostPort(),
                Optional.of(ROBOT));
        Browser b = WEB.browser();
        b.open("/signin").signIn(ivy.username(), ivy.password()).waitForHeading("My Registries");

        b.open("/images/" + id + "?reference=team%2Fapp%3A1");
        assertThat(b.bodyText()).contains(image.digest().toString());
        b.assertPresentable().screenshot("image");

        // The button queues the job; its page follows it and moves on to the report.
        b.press("X-ray");
        String heading = "X-ray of " + REGISTRY.hostPort() + "/team/app:1";
        new WebDriverWait(b.driver(), Duration.ofSeconds(90)).until(d -> !b.path().startsWith("/xray/jobs/")
                && !d.findElements(By.id("overview")).isEmpty());
        b.waitForHeading(heading);
        assertThat(b.path()).matches("/xray/[0-9a-f-]{36}");
        String report = b.path();
        assertThat(b.textOf("os")).isEqualTo("Alpine Linux v3.19");
        assertThat(b.textOf("efficiency")).endsWith("%");
        assertThat(b.driver().findElements(By.cssSelector("#layers meter"))).hasSize(2);
        assertThat(b.driver().findElements(By.cssSelector("svg.treemap rect"))).isNotEmpty();
        assertThat(b.textOf("dockerfile")).contains("echo hello > /app/hello.txt");
        b.assertPresentable().screenshot("report");

        // The explorer: layer 1 with its changes marked, then a directory opened in place.
        b.select("Layer", "Layer 1");
        b.until(d -> explorerText(b).contains("removed"));
        assertThat(explorerText(b)).contains("app/", "etc/", "big.txt", "added");
        scrollTo(b, "files");
        b.screenshot("explorer-layer-1");
        b.driver().findElement(By.xpath("//div[@id='explorer']//a[text()='etc/']")).click();
        b.until(d -> explorerText(b).contains("motd"));
        assertThat(explorerText(b)).contains("modified");
        assertThat(b.path()).as("the explorer changes in place").isEqualTo(report);

        // Layer 0: the file it added, previewed on demand.
        b.select("Layer", "Layer 0");
        b.until(d -> explorerText(b).contains("os-release"));
        b.driver().findElement(By.cssSelector("a[aria-label='Preview /etc/os-release']")).click();
        String preview = b.until(d -> {
            List<WebElement> pre = d.findElements(By.cssSelector("#preview pre"));
            return pre.isEmpty() ? null : pre.getFirst().getText();
        });
        assertThat(preview).contains("PRETTY_NAME=\"Alpine Linux v3.19\"");
        scrollTo(b, "preview");
        b.screenshot("preview");

        // The same directory of the merged file system, then a search over every path of it.
        b.select("Layer", "Merged file system");
        b.until(d -> explorerText(b).contains("unchanged") && explorerText(b).contains("motd"));
        b.type("Search paths", "hello");
        b.driver().findElement(By.xpath("//div[@id='explorer']//button[text()='Go']")).click();
        b.until(d -> explorerText(b).contains("/app/hello.txt"));

        // The downloads.
        assertThat(b.driver().findElement(By.linkText("CycloneDX SBOM")).getDomAttribute("href"))
                .endsWith("/sbom?format=cyclonedx");
        assertThat(b.driver().findElement(By.linkText("SPDX SBOM")).getDomAttribute("href"))
                .endsWith("/sbom?format=spdx");
        assertThat(b.driver().findElement(By.linkText("HTML report")).getDomAttribute("href"))
                .endsWith("/html?download=true");
        scrollTo(b, "downloads");
        b.screenshot("downloads");

        // The list of past reports, from the navigation.
        b.follow("X-ray reports");
        b.waitForHeading("X-ray reports");
        assertThat(b.bodyText()).contains(REGISTRY.hostPort() + "/team/app:1", "linux/amd64");
        b.assertPresentable().screenshot("reports");
        b.follow(REGISTRY.hostPort() + "/team/app:1");
        b.waitForHeading(heading);
        assertThat(b.path()).isEqualTo(report);
    }

    private static String explorerText(Browser b) {
        List<WebElement> e = b.driver().findElements(By.id("explorer"));
        return e.isEmpty() ? "" : e.getFirst().getText();
    }

    private static void scrollTo(Browser b, String id) {
        b.driver().findElement(By.id(id)).getLocation();
        ((org.openqa.selenium.JavascriptExecutor) b.driver()).executeScript(
                "document.getElementById(arguments[0]).scrollIntoView()", id);
    }
}
