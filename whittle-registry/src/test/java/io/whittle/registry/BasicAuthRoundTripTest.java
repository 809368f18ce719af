package io.whittle.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.oci.Failure;
import io.whittle.registry.auth.Credential;
import io.whittle.registry.auth.Keychain;
import io.whittle.testkit.RegistryExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BasicAuthRoundTripTest extends RoundTripContract {
    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.basic("alice", "basic-canary-pw");

    @Override
    RegistryExtension registry() {
        return REGISTRY;
    }

    @Test
    void wrongOrMissingCredentialsAreUnauthorizedWithAHint() throws Exception {
        Keychain wrong = host -> new Credential.Basic("alice", "not-it");
        try (RegistryClient c = RegistryClient.builder().keychain(wrong).retries(TestSupport.fastRetries()).build()) {
            assertThatThrownBy(() -> c.repository(REGISTRY.hostPort(), "app/x").tags())
                    .isInstanceOfSatisfying(RegistryException.class, e -> {
                        assertThat(e.failure()).isEqualTo(Failure.UNAUTHORIZED);
                        assertThat(e.getMessage()).contains("refused the credentials for " + REGISTRY.hostPort())
                                .doesNotContain("not-it");
                    });
            assertThatThrownBy(() -> c.ping(REGISTRY.hostPort())).isInstanceOf(RegistryException.class);
        }
        try (RegistryClient c = RegistryClient.builder().retries(TestSupport.fastRetries()).build()) {
            assertThatThrownBy(() -> c.repository(REGISTRY.hostPort(), "app/x").manifest("v1"))
                    .isInstanceOfSatisfying(RegistryException.class, e -> {
                        assertThat(e.failure()).isEqualTo(Failure.UNAUTHORIZED);
                        assertThat(e.getMessage()).contains("no credentials were found for " + REGISTRY.hostPort())
                                .contains("docker login");
                    });
        }
    }
}
