package io.whittle.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium on the test server, with the few moves the page tests make: open a page, find a form field
 * by the text of its {@code <label>} (as a person reads the form), press a button by its visible text, read the
 * heading, the field errors and the page alert, and take a screenshot of the whole page. Finding fields by label and
 * buttons by text is deliberate: a field a test cannot find so is a field a screen reader cannot announce.
 */
public final class Browser {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final ChromeDriver driver;
    private final URI base;
    private final Screenshots screenshots;

    Browser(ChromeDriver driver, URI base, Screenshots screenshots) {
        this.driver = driver;
        this.base = base;
        this.screenshots = screenshots;
        // As a person allows it when asked: the test server's pages may use the clipboard (Copy buttons).
        driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", base.toString().replaceAll("/$", ""),
                "permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    }

    /** The Selenium driver, for what the helpers here do not cover. */
    public WebDriver driver() {
        return driver;
    }

    /** Opens {@code path} (such as {@code /registries}) on the test server and waits for it to load. */
    public Browser open(String path) {
        driver.get(base.resolve(path).toString());
        settle();
        return this;
    }

    /**
     * Signs in through the sign-in page as a person does, and waits for the page it leads to (My Registries unless
     * the sign-in page was reached from another page).
     */
    public Browser signIn(String username, String password) {
        if (!path().startsWith("/signin")) {
            open("/signin");
        }
        type(firstLabel("User name", "Username", "Email or user name"), username);
        type("Password", password);
        press("Sign in");
        return this;
    }

    /** The first of {@code labels} that labels a field on this page (forms word the same field differently). */
    public String firstLabel(String... labels) {
        for (String l : labels) {
            if (hasField(l)) {
                return l;
            }
        }
        List<String> all = new ArrayList<>();
        driver.findElements(By.tagName("label")).forEach(l -> all.add(l.getText().strip()));
        throw new AssertionError("no field labelled " + String.join(" or ", labels) + " on " + path()
                + "; its labels: " + all + "; the page shows: " + bodyText());
    }

    /** The path and query of the current page, such as {@code /signin?next=%2Fregistries}. */
    public String path() {
        URI u = URI.create(driver.getCurrentUrl());
        return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    /** The text of the page's single {@code <h1>}. */
    public String heading() {
        List<WebElement> h1 = driver.findElements(By.tagName("h1"));
        assertThat(h1).as("the page %s has one <h1>", path()).hasSize(1);
        return h1.getFirst().getText().strip();
    }

    /** Waits until the page's {@code <h1>} reads {@code text}. */
    public Browser waitForHeading(String text) {
        try {
            until(d -> d.findElements(By.tagName("h1")).stream().anyMatch(h -> h.getText().strip().equals(text)));
        } catch (WebDriverException e) {
            throw new AssertionError("expected the heading '" + text + "' on " + path() + ", the page shows: "
                    + bodyText(), e);
        }
        return this;
    }

    /** The visible text of the whole page. */
    public String bodyText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** The HTML the browser holds now (after scripts ran). */
    public String pageSource() {
        return driver.getPageSource();
    }

    /**
     * The form field whose {@code <label>} reads {@code label} (ignoring a trailing required marker or "(optional)"),
     * through the label's {@code for} attribute.
     */
    public WebElement field(String label) {
        WebElement l = label(label);
        String id = l.getDomAttribute("for");
        assertThat(id).as("the label '%s' on %s names its field with for=…", label, path()).isNotBlank();
        List<WebElement> f = driver.findElements(By.id(id));
        assertThat(f).as("the field with id '%s' (labelled '%s') on %s", id, label, path()).hasSize(1);
        return f.getFirst();
    }

    /** Whether the page has a field labelled {@code label}. */
    public boolean hasField(String label) {
        return !labels(label).isEmpty();
    }

    /** Replaces what the field labelled {@code label} holds with {@code text}. */
    public Browser type(String label, String text) {
        WebElement f = field(label);
        reveal(f);
        f.clear();
        f.sendKeys(text);
        return this;
    }

    /** Ticks the checkbox labelled {@code label} (leaves it ticked when it is). */
    public Browser tick(String label) {
        WebElement box = field(label);
        reveal(box);
        if (!box.isSelected()) {
            box.click();
        }
        return this;
    }

    /**
     * Chooses {@code option} (its text or its value) for the choice labelled {@code label}: a select labelled so, or
     * radio buttons in a fieldset whose legend reads so.
     */
    public Browser choose(String label, String option) {
        if (hasField(label) && "select".equals(field(label).getTagName())) {
            return select(label, option);
        }
        String l = literal(label);
        String o = literal(option);
        List<WebElement> radios = driver.findElements(By.xpath("//fieldset[legend[normalize-space()=" + l
                + " or starts-with(normalize-space(), concat(" + l + ", ' '))]]//input[@type='radio' and (@value=" + o
                + " or @id=//label[starts-with(normalize-space(), " + o + ")]/@for)]"));
        assertThat(radios).as("a choice '%s' of '%s' on %s", option, label, path()).isNotEmpty();
        reveal(radios.getFirst());
        radios.getFirst().click();
        return this;
    }

    /** Picks the option whose text (or value) is {@code option} in the select labelled {@code label}. */
    public Browser select(String label, String option) {
        WebElement f = field(label);
        reveal(f);
        Select s = new Select(f);
        boolean byText = s.getOptions().stream().anyMatch(o -> o.getText().strip().equals(option));
        if (byText) {
            s.selectByVisibleText(option);
        } else {
            s.selectByValue(option);
        }
        return this;
    }

    /** Chooses {@code file} in the file input labelled {@code label}. */
    public Browser upload(String label, Path file) {
        field(label).sendKeys(file.toAbsolutePath().toString());
        return this;
    }

    /** Presses the button (or link styled as one) whose visible text is {@code text}, and waits for the page. */
    public Browser press(String text) {
        WebElement b = button(text);
        reveal(b);
        clickAndSettle(b, "pressing '" + text + "'");
        return this;
    }

    /** Follows the link whose visible text is {@code text}. */
    public Browser follow(String text) {
        WebElement a = visible(By.xpath("//a[normalize-space()=" + literal(text) + "]"), "a link '" + text + "'");
        reveal(a);
        clickAndSettle(a, "following '" + text + "'");
        return this;
    }

    /**
     * Opens the disclosure (a {@code <summary>}, as in a tree) that shows {@code text} as a whole piece of its text,
     * and waits until it is open; what it loads is waited for by the step that uses it.
     */
    public Browser expand(String text) {
        String t = literal(text);
        WebElement summary = visible(By.xpath("//summary[normalize-space()=" + t + " or .//*[normalize-space()=" + t
                + "]]"), "a disclosure '" + text + "'");
        reveal(summary);
        WebElement details = summary.findElement(By.xpath(".."));
        if (details.getDomAttribute("open") == null) {
            summary.click();
        }
        until(d -> details.getDomAttribute("open") != null);
        return this;
    }

    /** Whether a visible button or link reads {@code text}. */
    public boolean hasButton(String text) {
        return !displayed(buttonLocator(text)).isEmpty();
    }

    /** The visible button (or submit input, or link) with {@code text}. */
    public WebElement button(String text) {
        return visible(buttonLocator(text), "a button '" + text + "'");
    }

    /**
     * The error shown next to the field labelled {@code label}: the element {@code <field id>-error}, which the
     * field names in its {@code aria-describedby}. Waits for it to appear.
     */
    public String errorFor(String label) {
        String id = field(label).getDomAttribute("id");
        String errorId = id + "-error";
        try {
            until(d -> d.findElements(By.id(errorId)).stream().anyMatch(e -> !e.getText().isBlank()));
        } catch (WebDriverException e) {
            throw new AssertionError("expected an error next to '" + label + "' (id " + errorId + ") on " + path()
                    + "; the page shows: " + bodyText(), e);
        }
        String described = Objects.requireNonNullElse(field(label).getDomAttribute("aria-describedby"), "");
        assertThat(List.of(described.split("\\s+"))).as("aria-describedby of '%s'", label).contains(errorId);
        return driver.findElement(By.id(errorId)).getText().strip();
    }

    /** The text of the page's {@code role="alert"} messages, waiting for one to appear. */
    public String alert() {
        try {
            until(d -> displayed(By.cssSelector("[role=alert]")).stream().anyMatch(e -> !e.getText().isBlank()));
        } catch (WebDriverException e) {
            throw new AssertionError("expected a role=alert message on " + path() + "; the page shows: " + bodyText(),
                    e);
        }
        return String.join("\n", displayed(By.cssSelector("[role=alert]")).stream().map(WebElement::getText)
                .filter(t -> !t.isBlank()).toList());
    }

    /** The visible text of the element with {@code id}, waiting for it. */
    public String textOf(String id) {
        try {
            until(d -> d.findElements(By.id(id)).stream().anyMatch(e -> !e.getText().isBlank()));
        } catch (WebDriverException e) {
            throw new AssertionError("expected an element with id '" + id + "' on " + path() + "; the page shows: "
                    + bodyText(), e);
        }
        return driver.findElement(By.id(id)).getText().strip();
    }

    /** Accepts the browser's confirmation dialog, when the page asked with {@code confirm()}. */
    public Browser acceptDialog() {
        until(d -> {
            try {
                d.switchTo().alert();
                return true;
            } catch (WebDriverException e) {
                return false;
            }
        });
        driver.switchTo().alert().accept();
        settle();
        return this;
    }

    /** Whether the browser shows a {@code confirm()} dialog now. */
    public boolean dialogOpen() {
        try {
            driver.switchTo().alert();
            return true;
        } catch (WebDriverException e) {
            return false;
        }
    }

    /** The browser's cookies for the current page, as a {@code Cookie} request header (to check statuses). */
    public String cookieHeader() {
        return String.join("; ", driver.manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .toList());
    }

    /**
     * Fails unless the page is presentable on a laptop screen: every stylesheet it links loaded and has rules, nothing
     * makes the page scroll sideways, and the layout did not jump while it loaded (cumulative layout shift, without
     * shifts a person's own input caused, under 0.1, the threshold browsers call good).
     */
    public Browser assertPresentable() {
        Object missing = driver.executeScript("return Array.from(document.querySelectorAll('link[rel=stylesheet]'))"
                + ".filter(l => !l.sheet || l.sheet.cssRules.length === 0).map(l => l.href)"
                + ".concat(document.styleSheets.length === 0 ? ['(no stylesheet at all)'] : [])");
        assertThat((List<?>) missing).as("stylesheets that did not load on %s", path()).isEmpty();
        Number overflow = (Number) driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow.intValue()).as("how far %s scrolls sideways at %d pixels wide (px)", path(),
                Chromium.WIDTH).isLessThanOrEqualTo(0);
        Number shift = (Number) driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "let total = 0;"
                + "new PerformanceObserver(list => list.getEntries().forEach(e => { if (!e.hadRecentInput) total += e.value; }))"
                + ".observe({type: 'layout-shift', buffered: true});"
                + "setTimeout(() => done(total), 100);");
        assertThat(shift.doubleValue()).as("cumulative layout shift of %s", path()).isLessThan(0.1);
        return this;
    }

    /**
     * What the page put on the clipboard (a Copy button), read as a page script would with the permission a person
     * grants: the test server's origin may read and write it.
     */
    public String clipboard() {
        Object text = driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "navigator.clipboard.readText().then(done, e => done('(clipboard unreadable: ' + e + ')'));");
        return String.valueOf(text);
    }

    /** Waits until the clipboard holds {@code expected} (a Copy button was pressed). */
    public Browser assertClipboard(String expected) {
        try {
            until(d -> clipboard().equals(expected));
        } catch (WebDriverException e) {
            throw new AssertionError("expected the clipboard to hold '" + expected + "', it holds '" + clipboard()
                    + "'", e);
        }
        return this;
    }

    /** Forgets the session (all cookies), as a new browser would be. */
    public Browser forgetSession() {
        driver.manage().deleteAllCookies();
        return this;
    }

    /** Waits until {@code condition} holds (up to 15 seconds). */
    public <T> T until(Function<WebDriver, T> condition) {
        // Elements go stale while a page is replaced by the next: look again.
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(50))
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    /**
     * A screenshot of the whole page as {@code target/screenshots/<test>-<nn>-<step>.png}, for a person to look at.
     */
    public Path screenshot(String step) {
        return screenshots.write(step, png());
    }

    byte[] png() {
        try {
            // The whole page, not only the window: measure the content and capture beyond the viewport.
            Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
            double width = Math.max(((Number) size.get("width")).doubleValue(), Chromium.WIDTH);
            double height = Math.min(Math.max(((Number) size.get("height")).doubleValue(), 200), 6000);
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                    "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", width, "height", height,
                            "scale", 1)));
            return Base64.getDecoder().decode((String) shot.get("data"));
        } catch (WebDriverException | ClassCastException | NullPointerException e) {
            return driver.getScreenshotAs(OutputType.BYTES);
        }
    }

    /** Writes the page's HTML next to the screenshots (for a failed test). */
    Path saveSource(String step) {
        return screenshots.writeText(step, pageSource());
    }

    private WebElement label(String label) {
        List<WebElement> found = labels(label);
        if (found.isEmpty()) {
            List<String> all = new ArrayList<>();
            driver.findElements(By.tagName("label")).forEach(l -> all.add(l.getText().strip()));
            throw new AssertionError("no field labelled '" + label + "' on " + path() + "; its labels: " + all);
        }
        return found.getFirst();
    }

    private List<WebElement> labels(String label) {
        String text = literal(label);
        List<WebElement> exact = driver.findElements(By.xpath("//label[normalize-space()=" + text + "]"));
        if (!exact.isEmpty()) {
            return exact;
        }
        // A label may end in a required marker or "(optional)" in a span of its own.
        return driver.findElements(By.xpath("//label[normalize-space(text())=" + text
                + " or starts-with(normalize-space(), concat(" + text + ", ' *'))"
                + " or starts-with(normalize-space(), concat(" + text + ", ' ('))]"));
    }

    private static By buttonLocator(String text) {
        String t = literal(text);
        // A button may carry a hidden busy label next to its visible one ("Test" / "Testing…").
        return By.xpath("//button[normalize-space()=" + t + " or ./*[normalize-space()=" + t + "]] | //input[(@type='submit' or @type='button') and @value="
                + t + "] | //a[normalize-space()=" + t + " and (@role='button' or contains(@class,'button')"
                + " or contains(@class,'btn'))]");
    }

    private WebElement visible(By by, String what) {
        try {
            until(d -> !displayed(by).isEmpty());
        } catch (WebDriverException e) {
            throw new AssertionError("expected " + what + " on " + path() + "; the page shows: " + bodyText(), e);
        }
        return displayed(by).getFirst();
    }

    private List<WebElement> displayed(By by) {
        List<WebElement> out = new ArrayList<>();
        for (WebElement e : driver.findElements(by)) {
            try {
                if (e.isDisplayed()) {
                    out.add(e);
                }
            } catch (WebDriverException stale) {
                // gone while looking: not shown
            }
        }
        return out;
    }

    /** Opens a closed {@code <details>} around the element (advanced fields) and scrolls it into view. */
    private void reveal(WebElement e) {
        ((JavascriptExecutor) driver).executeScript(
                "for (let d = arguments[0].closest('details'); d; d = d.parentElement && d.parentElement.closest('details')) d.open = true;"
                        + "arguments[0].scrollIntoView({block: 'center'});", e);
    }

    /**
     * Clicks, and when the click sends a form or follows a link (not one that htmx or a script handles), waits until
     * the next page replaced this one, so that what the test reads next is the new page.
     */
    private void clickAndSettle(WebElement e, String what) {
        boolean navigates = Boolean.TRUE.equals(driver.executeScript("const e = arguments[0];"
                + "if (e.tagName === 'A') { const h = e.getAttribute('href') || '';"
                + "  return h !== '' && !h.startsWith('#') && !e.hasAttribute('hx-get') && !e.hasAttribute('hx-post'); }"
                + "const f = e.form;"
                + "return !!f && e.type === 'submit' && !f.hasAttribute('hx-post') && !f.hasAttribute('hx-get');", e));
        // A mark on this document: the next one does not carry it.
        driver.executeScript("window.whittleTestOldPage = true;");
        e.click();
        if (navigates) {
            try {
                until(d -> dialogOpen() || replaced());
            } catch (WebDriverException timeout) {
                throw new AssertionError(what + " on " + path() + " did not lead to another page; the page shows: "
                        + bodyText(), timeout);
            }
        }
        settle();
    }

    private boolean replaced() {
        try {
            return Boolean.TRUE.equals(driver.executeScript("return window.whittleTestOldPage !== true"
                    + " && document.readyState !== 'loading';"));
        } catch (WebDriverException betweenPages) {
            return false;
        }
    }

    private void settle() {
        try {
            until(d -> dialogOpen() || "complete".equals(((JavascriptExecutor) d).executeScript(
                    "return document.readyState")));
        } catch (WebDriverException e) {
            // a page that never completes shows up in the assertion that follows
        }
    }

    /** An XPath string literal for any text, quotes included. */
    static String literal(String s) {
        if (!s.contains("'")) {
            return "'" + s + "'";
        }
        if (!s.contains("\"")) {
            return "\"" + s + "\"";
        }
        return "concat('" + s.replace("'", "', \"'\", '") + "')";
    }
}
