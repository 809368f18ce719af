package io.whittle.server.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and ChromeDriver ({@code apt-get install chromium chromium-driver}, which {@code bin/test} does),
 * started headless with the flags that work on a closed network. Both paths are given to Selenium explicitly, so its
 * Selenium Manager never runs and nothing is downloaded.
 */
final class Chromium {
    static final Path BROWSER = Path.of(System.getProperty("whittle.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("whittle.chromedriver", "/usr/bin/chromedriver"));
    /** A laptop screen. */
    static final int WIDTH = 1366;
    static final int HEIGHT = 900;

    static {
        // No tracing or telemetry from Selenium's HTTP client.
        System.setProperty("webdriver.remote.enableTracing", "false");
    }

    private Chromium() {
    }

    /** Why the browser tests cannot run here, when they cannot. */
    static Optional<String> missing() {
        if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
            return Optional.of("the browser tests need Debian's chromium and chromium-driver (" + BROWSER + ", "
                    + DRIVER + "): install them with 'apt-get install chromium chromium-driver' (bin/test does)");
        }
        return Optional.empty();
    }

    /** A new headless browser with an empty profile in {@code profile}. */
    static ChromeDriver start(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--disable-extensions", "--disable-default-apps",
                "--password-store=basic", "--use-mock-keychain", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--window-size=" + WIDTH + "," + HEIGHT, "--lang=en-US", "--user-data-dir=" + profile);
        options.setPageLoadTimeout(Duration.ofSeconds(30));
        options.setScriptTimeout(Duration.ofSeconds(30));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withSilent(true)
                .build();
        return new ChromeDriver(service, options);
    }

    static Path newProfile() {
        try {
            return Files.createTempDirectory("whittle-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a profile directory for Chromium", e);
        }
    }
}
