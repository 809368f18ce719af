package io.whittle.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.platform.org.Organization;
import io.whittle.server.api.registry.ConnectorFixtures;
import io.whittle.server.testing.TestServer;
import io.whittle.server.testing.TestUser;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.RegistryExtension;
import java.util.Optional;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The pages around the registries, in Chromium: API tokens (created, copied once, revoked), the organization
 * switcher in the header, and signing in with the keyboard alone.
 */
class AccountPagesBrowserTest {
    private static final Credentials ROBOT = Credentials.of("robot", "s3cret-browser-account-3e08");

    @RegisterExtension
    @Order(1)
    static final RegistryExtension REGISTRY = RegistryExtension.basic(ROBOT.username(), ROBOT.password());

    @RegisterExtension
    @Order(2)
    static final BrowserExtension WEB = BrowserExtension.create();

    @Test
    void anApiTokenIsShownOnceCopiedAndRevoked() {
        TestServer server = WEB.server();
        TestUser tia = server.user("tia");
        Browser b = WEB.browser();
        b.open("/signin").signIn(tia.username(), tia.password()).waitForHeading("My Registries");
        b.open("/tokens").waitForHeading("API tokens");
        b.assertPresentable().screenshot("tokens");

        b.type("Name", "laptop cli");
        b.press("Create token");
        String secret = b.textOf("token-secret");
        b.press("Copy");
        b.assertClipboard(secret);
        b.screenshot("token-created");
        server.withToken(secret).get("/api/v1/me").expect(200);

        // Reloading the page creates nothing and shows the secret no more.
        b.driver().navigate().refresh();
        b.waitForHeading("API tokens");
        assertThat(b.pageSource()).doesNotContain(secret);
        assertThat(b.bodyText()).contains("not shown again");
        assertThat(b.driver().findElements(By.xpath("//td[text()='laptop cli']"))).hasSize(1);

        // Shown once: the list has its prefix only.
        b.open("/tokens").waitForHeading("API tokens");
        assertThat(b.pageSource()).doesNotContain(secret);
        assertThat(b.bodyText()).contains("laptop cli");

        b.press("Revoke");
        if (b.dialogOpen()) {
            b.acceptDialog();
        }
        b.waitForHeading("API tokens");
        assertThat(b.bodyText()).containsIgnoringCase("revoked");
        b.screenshot("token-revoked");
        server.withToken(secret).get("/api/v1/me").expect(401);
    }

    @Test
    void theOrganizationSwitcherShowsTheOtherOrganizationsRegistries() {
        TestServer server = WEB.server();
        TestUser owen = server.user("owen");
        Organization acme = server.organization(owen, "acme");
        ConnectorFixtures.addGeneric(server.as(owen, acme), "acme shared registry", REGISTRY.hostPort(),
                Optional.of(ROBOT));
        Browser b = WEB.browser();
        b.open("/signin").signIn(owen.username(), owen.password()).waitForHeading("My Registries");
        assertThat(b.bodyText()).doesNotContain("acme shared registry");

        // Picking the organization submits the switcher (its button stays for keyboards).
        b.select("Organization", acme.slug());
        b.until(d -> d.findElement(By.tagName("body")).getText().contains("acme shared registry"));
        b.waitForHeading("My Registries");
        b.screenshot("switched-organization");
    }

    @Test
    void signingInWorksWithTheKeyboardAlone() {
        TestUser kim = WEB.server().user("kim");
        Browser b = WEB.browser();
        b.open("/signin");
        // The first Tab stop is the skip link; the user name field has the focus on arrival.
        WebElement focused = b.driver().switchTo().activeElement();
        assertThat(focused.getDomAttribute("id")).isEqualTo(b.field("Username").getDomAttribute("id"));
        focused.sendKeys(kim.username(), Keys.TAB);
        b.driver().switchTo().activeElement().sendKeys(kim.password(), Keys.ENTER);
        b.waitForHeading("My Registries");

        new Actions(b.driver()).sendKeys(Keys.TAB).perform();
        WebElement first = b.driver().switchTo().activeElement();
        assertThat(first.getText()).isEqualTo("Skip to content");
        b.screenshot("keyboard-focus");
    }

    @Test
    void anUnknownAddressIsAPageWithAWayHome() {
        TestUser nia = WEB.server().user("nia");
        Browser b = WEB.browser();
        b.open("/signin").signIn(nia.username(), nia.password()).waitForHeading("My Registries");
        b.open("/registries-typo/nowhere").waitForHeading("Page not found");
        assertThat(b.bodyText()).contains("There is no page at this address");
        b.assertPresentable().screenshot("page-not-found");
        b.follow("Back to My Registries");
        b.waitForHeading("My Registries");
    }

    @Test
    void aLongNameKeepsTheHeaderOnOneLine() {
        String name = "Maximiliana Theodora Wolkenstein-Rautenberg of the Northern Registry Operations Team";
        String password = "pw-long-name-header-3f9a";
        WEB.server().services().accounts().createUser("maximiliana-wolkenstein-rautenberg", name,
                password.toCharArray(), false);
        Browser b = WEB.browser();
        b.open("/signin").signIn("maximiliana-wolkenstein-rautenberg", password).waitForHeading("My Registries");
        WebElement header = b.driver().findElement(By.cssSelector("header.top .top-inner"));
        WebElement brand = header.findElement(By.className("brand"));
        WebElement user = header.findElement(By.className("user"));
        WebElement signOut = header.findElement(By.xpath(".//button[text()='Sign out']"));
        // One line: the brand, the user's name and the sign-out button share a row.
        assertThat(Math.abs(user.getRect().getY() + user.getRect().getHeight() / 2
                - (brand.getRect().getY() + brand.getRect().getHeight() / 2))).isLessThanOrEqualTo(4);
        assertThat(Math.abs(signOut.getRect().getY() - user.getRect().getY())).isLessThanOrEqualTo(12);
        assertThat(header.getRect().getHeight()).isLessThan(80);
        // Cut with an ellipsis, the whole name in the title.
        assertThat(user.getDomAttribute("title")).contains(name).contains("maximiliana-wolkenstein-rautenberg");
        assertThat(((Number) ((org.openqa.selenium.JavascriptExecutor) b.driver()).executeScript(
                "return arguments[0].scrollWidth - arguments[0].clientWidth;", user)).intValue()).isPositive();
        assertThat(user.getCssValue("text-overflow")).isEqualTo("ellipsis");
        b.assertPresentable().screenshot("long-name-header");
    }
}
