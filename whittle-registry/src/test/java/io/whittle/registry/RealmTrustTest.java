package io.whittle.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.registry.auth.Keychain;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RealmTrustTest {
    private final RealmTrust trust = new RealmTrust();

    private static Endpoint https(String registry, String apiHost) {
        return new Endpoint(registry, apiHost, false, Keychain.ANONYMOUS);
    }

    private static Endpoint http(String registry) {
        return new Endpoint(registry, registry, true, Keychain.ANONYMOUS);
    }

    @Test
    void trustsTheRegistrysOwnHostOnAnyPort() {
        assertThat(trust.distrust(https("reg.example.com", "reg.example.com"), URI.create("https://reg.example.com/token")))
                .isEmpty();
        assertThat(trust.distrust(https("reg.example.com:5000", "reg.example.com:5000"),
                URI.create("https://reg.example.com:5001/auth"))).isEmpty();
        assertThat(trust.distrust(http("127.0.0.1:5000"), URI.create("http://127.0.0.1:40000/token"))).isEmpty();
    }

    @Test
    void trustsTheKnownAuthHostsOfProviders() {
        assertThat(trust.distrust(https("docker.io", "registry-1.docker.io"), URI.create("https://auth.docker.io/token")))
                .isEmpty();
        assertThat(trust.distrust(https("registry.gitlab.com", "registry.gitlab.com"),
                URI.create("https://gitlab.com/jwt/auth"))).isEmpty();
    }

    @Test
    void aRealmOnPlainHttpForAnHttpsRegistryGetsNothing() {
        assertThat(trust.distrust(https("reg.example.com", "reg.example.com"), URI.create("http://reg.example.com/token")))
                .hasValueSatisfying(w -> assertThat(w).contains("plain http"));
    }

    @Test
    void aRealmOnAnotherHostGetsNothing() {
        assertThat(trust.distrust(https("reg.example.com", "reg.example.com"),
                URI.create("https://reg.example.com.evil.net/token"))).isPresent();
        assertThat(trust.distrust(https("docker.io", "registry-1.docker.io"), URI.create("https://auth.docker.io.evil/t")))
                .isPresent();
        assertThat(trust.distrust(http("127.0.0.1:5000"), URI.create("http://127.0.0.2:5001/token")))
                .hasValueSatisfying(w -> assertThat(w).contains("not on the registry's host"));
    }

    @Test
    void anOperatorCanTrustMore() {
        RealmTrust t = new RealmTrust();
        t.add("reg.example.com", "sso.example.com");
        assertThat(t.distrust(https("reg.example.com", "reg.example.com"), URI.create("https://sso.example.com/token")))
                .isEmpty();
    }
}
