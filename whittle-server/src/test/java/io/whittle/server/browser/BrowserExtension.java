package io.whittle.server.browser;

import io.whittle.platform.testing.BothDatabases;
import io.whittle.server.testing.TestServer;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Runs a browser test class: a real {@link TestServer} (H2, 127.0.0.1 on the outbound allow-list) and one headless
 * Chromium for the class; before each test the browser forgets its session. Tests take a screenshot of each main page
 * they visit ({@link Browser#screenshot}); after a failed test (or one that took none) the extension adds one of where
 * it ended, and on failure the page's HTML too. Without Chromium or ChromeDriver the class fails, saying which
 * packages to install; {@code bin/test} installs them.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final BrowserExtension WEB = BrowserExtension.create();
 *
 * @Test
 * void signsIn() {
 *     TestUser alice = WEB.server().user("alice");
 *     WEB.browser().signIn(alice).waitForHeading("My Registries");
 *     WEB.browser().screenshot("my-registries");
 * }
 * }</pre>
 */
public final class BrowserExtension implements BeforeAllCallback, AfterAllCallback,
        BeforeEachCallback, AfterEachCallback {
    private final UnaryOperator<TestServer.Builder> serverSetup;
    private TestServer server;
    private ChromeDriver driver;
    private Path profile;
    private Browser browser;
    private Screenshots screenshots;
    private String owner;

    private BrowserExtension(UnaryOperator<TestServer.Builder> serverSetup) {
        this.serverSetup = serverSetup;
    }

    public static BrowserExtension create() {
        return new BrowserExtension(UnaryOperator.identity());
    }

    /** With the test server set up by {@code setup} (a clock, configuration). */
    public static BrowserExtension withServer(UnaryOperator<TestServer.Builder> setup) {
        return new BrowserExtension(setup);
    }

    public TestServer server() {
        if (server == null) {
            throw new IllegalStateException("the browser extension starts the server before the class's first test:"
                    + " register it as a static field with @RegisterExtension");
        }
        return server;
    }

    public Browser browser() {
        if (browser == null) {
            throw new IllegalStateException("the browser extension starts the browser before the class's first test:"
                    + " register it as a static field with @RegisterExtension");
        }
        return browser;
    }

    /** Where the screenshots go. */
    public Path screenshotDirectory() {
        return screenshots.dir();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // A missing browser fails the tests, loudly: skipped, they would pass for tested what nobody ran.
        Chromium.missing().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        if (server != null) {
            return; // a @Nested class: the outermost class owns the server and the browser
        }
        owner = context.getUniqueId();
        screenshots = Screenshots.inTarget();
        server = serverSetup.apply(TestServer.builder()).start();
        try {
            profile = Chromium.newProfile();
            driver = Chromium.start(profile);
            browser = new Browser(driver, server.baseUrl(), screenshots);
        } catch (RuntimeException | Error e) {
            afterAll(context);
            throw e;
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        screenshots.startTest(context.getRequiredTestClass().getSimpleName() + "-"
                + context.getRequiredTestMethod().getName());
        // Each test starts signed out, on a page of the server (cookies are deleted for the current site).
        driver.get(server.baseUrl().resolve("/healthz").toString());
        driver.manage().deleteAllCookies();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        boolean failed = context.getExecutionException().isPresent();
        try {
            if (browser.dialogOpen()) {
                driver.switchTo().alert().dismiss();
            }
            if (failed || screenshots.taken() == 0) {
                browser.screenshot(failed ? "failed" : "end");
            }
            if (failed) {
                browser.saveSource("failed");
            }
        } catch (WebDriverException | java.io.UncheckedIOException e) {
            // A broken browser must not hide why the test failed.
            System.err.println("browser test: no final screenshot for " + context.getDisplayName() + ": "
                    + e.getMessage());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (owner != null && !owner.equals(context.getUniqueId())) {
            return;
        }
        owner = null;
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            driver = null;
            browser = null;
            try {
                if (server != null) {
                    server.close();
                }
            } finally {
                server = null;
                if (profile != null) {
                    BothDatabases.deleteTree(profile);
                    profile = null;
                }
            }
        }
    }
}
