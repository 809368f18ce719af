package io.whittle.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The steps of connecting a registry in the browser, as the page tests share them: pick the provider on "Connect a
 * new registry", fill its form by the labels a person reads, press Connect, and read the Connector ID.
 */
final class ConnectFlow {
    private ConnectFlow() {
    }

    /** From My Registries to the form of {@code provider} (its id, such as {@code generic}), named {@code title}. */
    static void openForm(Browser b, String provider, String title) {
        b.open("/registries").waitForHeading("My Registries");
        WebElement start = b.until(d -> d.findElements(By.cssSelector("a[href$='/registries/new']")).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null));
        start.click();
        b.waitForHeading("Connect a new registry");
        b.screenshot("pick-provider");
        WebElement choice = b.until(d -> d.findElements(By.cssSelector("a[href$='/registries/new/" + provider + "']"))
                .stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
        assertThat(choice.getText()).as("the choice of %s names it", provider).contains(title);
        choice.click();
        b.waitForHeading("Connect " + title);
        b.assertPresentable();
    }

    /** Fills the fields named by their labels (in order) and the connector's name. */
    static void fill(Browser b, String name, Map<String, String> fields) {
        b.type(b.firstLabel("Name", "Connector name"), name);
        fields.forEach(b::type);
    }

    /** Presses Connect and returns the Connector ID the page then shows. */
    static String connect(Browser b) {
        b.press("Connect");
        String id = b.textOf("connector-id");
        b.press("Copy");
        b.assertClipboard(id);
        return id;
    }
}
