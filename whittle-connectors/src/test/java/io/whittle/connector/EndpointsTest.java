package io.whittle.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.oci.AccessException;
import io.whittle.platform.secret.SecretValue;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndpointsTest {
    @Test
    void registryHostsAreHostAndPortOnly() {
        assertThat(Endpoints.registryHost("GHCR.io")).contains("ghcr.io");
        assertThat(Endpoints.registryHost("registry.example.com:5000")).contains("registry.example.com:5000");
        assertThat(Endpoints.registryHost("127.0.0.1:5000")).contains("127.0.0.1:5000");
        for (String bad : List.of("https://ghcr.io", "ghcr.io/path", "host:0", "host:70000", "user@host", "",
                "a b")) {
            assertThat(Endpoints.registryHost(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void apiUrlsAreHttpsExceptOnLoopback() {
        assertThat(Endpoints.API_URL.problem("https://api.github.com")).isEmpty();
        assertThat(Endpoints.API_URL.problem("https://ghe.example.com/api/v3")).isEmpty();
        assertThat(Endpoints.API_URL.problem("http://127.0.0.1:8080")).isEmpty();
        assertThat(Endpoints.API_URL.problem("http://localhost:8080")).isEmpty();
        assertThat(Endpoints.API_URL.problem("http://api.example.com")).get().asString().contains("https");
        assertThat(Endpoints.API_URL.problem("https://user:pw@api.example.com")).get().asString()
                .contains("user name and password");
        assertThat(Endpoints.API_URL.problem("https://api.example.com/?next=evil")).isPresent();
        assertThat(Endpoints.API_URL.problem("file:///etc/passwd")).isPresent();
        assertThat(Endpoints.apiUrl("https://api.example.com/")).isEqualTo(URI.create("https://api.example.com"));
    }

    @Test
    void pageTokensAreNumbersOrPlainText() throws Exception {
        assertThat(PageTokens.number(Optional.empty())).isEqualTo(1);
        assertThat(PageTokens.number(Optional.of("3"))).isEqualTo(3);
        assertThatThrownBy(() -> PageTokens.number(Optional.of("https://evil.example/page=2")))
                .isInstanceOf(AccessException.class).hasMessageContaining("not a page token");
        assertThatThrownBy(() -> PageTokens.number(Optional.of("0"))).isInstanceOf(AccessException.class);
        assertThatThrownBy(() -> PageTokens.opaque("a\nb")).isInstanceOf(AccessException.class);
        assertThat(PageTokens.queryParam(URI.create("https://api.example.com/v2/x?per_page=2&page_token=a%2Bb"),
                "page_token")).contains("a+b");
        assertThat(PageTokens.queryParam(URI.create("https://api.example.com/v2/x?page=2"), "page_token")).isEmpty();
    }

    @Test
    void theRedactorMasksSecretsAndTheirFragments() {
        String json = "{\"private_key\":\"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n\"}";
        Redactor r = new Redactor(List.of(SecretValue.of("tok-123456789"), SecretValue.of(json)));
        assertThat(r.scrub("refused tok-123456789 here")).isEqualTo("refused **** here");
        assertThat(r.scrub("key MIIEvQIBADANBgkqhkiG9w0BAQEFAASC leaked")).doesNotContain("MIIEvQIBADANBgkq");
        assertThat(r.scrub("Basic " + java.util.Base64.getEncoder().encodeToString("tok-123456789".getBytes())))
                .doesNotContain("dG9r");
        AccessException e = new AccessException(io.whittle.oci.Failure.UNAUTHORIZED, "op", "s",
                "bad tok-123456789", false, new RuntimeException("tok-123456789"));
        AccessException scrubbed = r.scrub(e);
        assertThat(scrubbed.getMessage()).isEqualTo("bad ****");
        assertThat(scrubbed.getCause()).isNull();
        assertThat(scrubbed.failure()).isEqualTo(io.whittle.oci.Failure.UNAUTHORIZED);
    }
}
