package io.whittle.server.web;

import static io.whittle.server.web.PageClient.form;
import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.server.testing.TestServer;
import io.whittle.server.testing.TestUser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Signing in and out on the pages, over real HTTP: redirects, the sign-in form's own CSRF token, the session's. */
class SignInPagesTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private PageClient client() {
        return new PageClient(server.baseUrl());
    }

    @Test
    void pagesSendAnAnonymousVisitorToSignInAndBack() {
        PageClient c = client();
        for (String path : new String[] {"/registries", "/registries/new", "/registries/new/generic", "/tokens",
                "/explore", "/registries/ghcr.k3v9x2m4qa", "/registries/ghcr.k3v9x2m4qa/edit"}) {
            PageClient.Page p = c.get(path).expect(303);
            assertThat(p.location()).as(path).startsWith("/signin?next=");
        }
        assertThat(c.get("/registries?x=1").location()).isEqualTo("/signin?next=%2Fregistries%3Fx%3D1");
        assertThat(c.get("/").location()).isEqualTo("/registries");
        assertThat(c.post("/registries/ghcr.k3v9x2m4qa/delete", form("csrf", "x")).expect(303).location())
                .startsWith("/signin");
        PageClient.Page htmx = c.getHtmx("/registries");
        assertThat(htmx.headers().firstValue("HX-Redirect"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("/signin"));
    }

    @Test
    void signingInLeadsToTheNextPageAndSigningOutEndsTheSession() {
        TestUser user = server.user("signin-page-user");
        PageClient c = client();
        PageClient.Page form = c.get("/signin?next=%2Ftokens").expect(200);
        assertThat(form.body()).contains("<h1>Sign in</h1>").contains("<label for=\"username\">Username</label>")
                .contains("<label for=\"password\">Password</label>").contains("value=\"/tokens\"");
        assertThat(form.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v ->
                assertThat(v).contains("script-src 'self'").doesNotContain("unsafe-inline"));
        assertThat(form.body()).doesNotContain("<script>").doesNotContain("style=");

        PageClient.Page in = c.post("/signin", form("csrf", form.csrf(), "username", user.username(), "password",
                user.password(), "next", "/tokens")).expect(303);
        assertThat(in.location()).isEqualTo("/tokens");
        PageClient.Page registries = c.get("/registries").expect(200);
        assertThat(registries.body()).contains("<h1>My Registries</h1>").contains(user.username())
                .contains("dockerhub.public");

        c.post("/signout", form("csrf", registries.csrf())).expect(303);
        assertThat(c.get("/registries").expect(303).location()).startsWith("/signin");
    }

    @Test
    void aWrongPasswordIsSaidInPlainWordsAndAForeignFormIsRefused() {
        TestUser user = server.user("signin-page-wrong");
        PageClient c = client();
        PageClient.Page form = c.get("/signin").expect(200);
        PageClient.Page wrong = c.post("/signin", form("csrf", form.csrf(), "username", user.username(), "password",
                "not-the-password")).expect(401);
        assertThat(wrong.body()).contains("role=\"alert\"").contains("The username or password is wrong");
        assertThat(wrong.body()).doesNotContain("not-the-password");

        // Another site's form has no token of this browser's sign-in page.
        PageClient other = client();
        PageClient.Page refused = other.post("/signin", form("csrf", "guessed", "username", user.username(),
                "password", user.password())).expect(403);
        assertThat(refused.body()).contains("expired");
        assertThat(other.get("/registries").status()).isEqualTo(303);
    }

    @Test
    void formPostsWithoutTheSessionsCsrfTokenAreRefused() {
        TestUser user = server.user("signin-page-csrf");
        PageClient c = client().signIn(user.username(), user.password());
        c.get("/registries").expect(200);
        PageClient.Page refused = c.post("/signout", form("csrf", "wrong")).expect(403);
        assertThat(refused.body()).contains("role=\"alert\"");
        c.post("/signout", form()).expect(403);
        c.get("/registries").expect(200); // still signed in
    }

    @Test
    void theOrganizationSwitcherMovesTheSessionToAnotherOfTheUsersOrganizations() {
        TestUser user = server.user("signin-page-switch");
        server.organization(user, "switch-team");
        PageClient c = client().signIn(user.username(), user.password());
        PageClient.Page before = c.get("/registries").expect(200);
        assertThat(before.body()).contains("<option value=\"switch-team\"");
        c.post("/organization", form("csrf", before.csrf(), "organization", "switch-team", "next", "/registries"))
                .expect(303);
        assertThat(c.get("/registries").body()).contains("<option value=\"switch-team\" selected>");
        c.post("/organization", form("csrf", before.csrf(), "organization", "not-mine", "next", "/registries"))
                .expect(404);
    }

    @Test
    void assetsAreServedFromTheClassPathAndNothingElse() {
        PageClient c = client();
        String page = c.get("/signin").body();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("/assets/htmx\\.min\\.js\\?v=[0-9a-f]+")
                .matcher(page);
        assertThat(m.find()).isTrue();
        PageClient.Page htmx = c.get(m.group()).expect(200);
        assertThat(htmx.body()).contains("htmx");
        assertThat(htmx.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("text/javascript"));
        c.get("/assets/app.css").expect(200);
        c.get("/assets/app.js").expect(200);
        c.get("/assets/..%2Fapp.css").expect(404);
        c.get("/assets/pom.properties").expect(404);
    }
}
