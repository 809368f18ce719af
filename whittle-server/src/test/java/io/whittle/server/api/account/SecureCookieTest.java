package io.whittle.server.api.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.server.testing.TestServer;
import io.whittle.server.testing.TestUser;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecureCookieTest {
    @Test
    void behindAnHttpsPublicUrlTheCookieIsSecureAndLinksUseThatUrl() {
        try (TestServer server = TestServer.builder()
                .config(c -> c.withPublicUrl(URI.create("https://whittle.example.com"))).start()) {
            assertThat(server.consoleOutput()).contains("https://whittle.example.com/setup?token=");
            TestUser ann = server.user("ann");
            String cookie = server.anonymous().post("/api/v1/session", Map.of("username", "ann",
                    "password", ann.password())).expect(200).headers().allValues("Set-Cookie").getFirst();
            assertThat(cookie).contains("; Secure").contains("; HttpOnly").contains("; SameSite=Lax");
        }
    }
}
