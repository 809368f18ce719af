package io.whittle.server.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The harness itself, on a page the server has always served (the API's Swagger UI): the system Chromium starts
 * headless, runs the page's scripts against the test server, and the screenshot of the whole page lands under
 * target/screenshots as a PNG.
 */
class BrowserHarnessTest {
    @RegisterExtension
    static final BrowserExtension WEB = BrowserExtension.create();

    @Test
    void chromiumRendersAServerPageAndTheScreenshotIsWritten() throws Exception {
        Browser browser = WEB.browser();
        browser.open("/api/docs");
        // Swagger UI builds its page with scripts from the server, then fetches the API document from it.
        browser.until(d -> !d.findElements(By.cssSelector(".swagger-ui .info .title")).isEmpty());
        assertThat(browser.driver().findElement(By.cssSelector(".swagger-ui .info .title")).getText())
                .contains("Whittle");
        Path shot = browser.screenshot("api-docs");

        assertThat(shot).startsWith(WEB.screenshotDirectory()).exists();
        assertThat(shot.getFileName().toString()).isEqualTo(
                "BrowserHarnessTest-chromiumRendersAServerPageAndTheScreenshotIsWritten-01-api-docs.png");
        byte[] png = Files.readAllBytes(shot);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        // Larger than the window: the whole page was captured.
        assertThat(pngHeight(png)).isGreaterThan(Chromium.HEIGHT);
        assertThat(pngWidth(png)).isEqualTo(Chromium.WIDTH);
    }

    @Test
    void eachTestStartsSignedOut() {
        Browser browser = WEB.browser();
        browser.open("/healthz");
        assertThat(browser.driver().manage().getCookies()).isEmpty();
    }

    @Test
    void thePresentabilityCheckCatchesMissingStylesSidewaysScrollingAndLayoutJumps() throws Exception {
        Browser browser = WEB.browser();
        String styled = "<style>body { margin: 0; font: 16px sans-serif }</style>";
        browser.driver().get(page("<p>No styles at all.</p>"));
        assertThatThrownBy(browser::assertPresentable).hasMessageContaining("no stylesheet at all");

        browser.driver().get(page(styled + "<div style='width: 3000px'>Wider than a laptop screen.</div>"));
        assertThatThrownBy(browser::assertPresentable).hasMessageContaining("scrolls sideways");

        // A banner that arrives late and pushes the page down.
        browser.driver().get(page(styled + "<main><p>Content</p><p>More content</p></main><script>setTimeout(() =>"
                + " document.body.insertAdjacentHTML('afterbegin', '<div style=\\'height: 500px\\'>late</div>'),"
                + " 100)</script>"));
        // Wait for the banner itself rather than a fixed time: on a loaded machine the timer fires late.
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(10))
                .until(d -> d.getPageSource().contains(">late<"));
        Thread.sleep(100);
        assertThatThrownBy(browser::assertPresentable).hasMessageContaining("layout shift");

        browser.driver().get(page(styled + "<main><h1>Steady</h1><p>Nothing moves.</p></main>"));
        browser.assertPresentable();
    }

    private static String page(String html) {
        return "data:text/html;base64," + Base64.getEncoder().encodeToString(("<!doctype html><html><head>"
                + "<meta charset=utf-8></head><body>" + html + "</body></html>").getBytes(StandardCharsets.UTF_8));
    }

    private static int pngWidth(byte[] png) {
        return readInt(png, 16);
    }

    private static int pngHeight(byte[] png) {
        return readInt(png, 20);
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }
}
