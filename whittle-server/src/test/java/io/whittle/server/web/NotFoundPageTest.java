package io.whittle.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.server.testing.TestServer;
import io.whittle.server.testing.TestUser;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An unknown address: a page for a browser, the problem document for the API and for other clients. */
class NotFoundPageTest {
    private static final Map<String, String> BROWSER = Map.of("Accept",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aBrowserGetsAPageInTheLayoutWithAWayHome() {
        PageClient.Page page = new PageClient(server.baseUrl()).get("/no/such/page", BROWSER).expect(404);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).contains(PageRoutes.CSP);
        assertThat(page.body()).contains("<h1>Page not found</h1>").contains("There is no page at this address")
                .contains("href=\"/registries\"").contains("class=\"brand\"").doesNotContain("urn:whittle:problem");
    }

    @Test
    void aSignedInBrowserKeepsItsHeaderOnThePage() {
        TestUser user = server.user("lost");
        PageClient.Page page = new PageClient(server.baseUrl()).signIn(user.username(), user.password())
                .get("/no/such/page", BROWSER).expect(404);
        assertThat(page.body()).contains("<h1>Page not found</h1>").contains("Sign out")
                .contains(user.username());
        PageClient.Page anonymous = new PageClient(server.baseUrl()).get("/no/such/page", BROWSER).expect(404);
        assertThat(anonymous.body()).doesNotContain("Sign out");
    }

    @Test
    void theApiAndOtherClientsKeepTheirProblemDocument() {
        PageClient c = new PageClient(server.baseUrl());
        PageClient.Page api = c.get("/api/v1/nothing-here", BROWSER).expect(404);
        assertThat(api.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(api.body()).contains("\"status\":404");
        PageClient.Page script = c.get("/no/such/page", Map.of("Accept", "application/json")).expect(404);
        assertThat(script.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(c.get("/no/such/page").expect(404).headers().firstValue("Content-Type"))
                .hasValue("application/problem+json");
    }
}
