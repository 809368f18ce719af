package io.whittle.platform.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.platform.secret.SecretValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorRecordsTest {
    private static final String CANARY = "canary-token-7f3a9";

    @Test
    void draftsPrintSecretsMasked() {
        ConnectorDraft d = Stores.ghcr("team", CANARY);
        assertThat(d.toString()).doesNotContain(CANARY).contains("token=****");
    }

    @Test
    void editsPrintSecretsMasked() {
        Connector c = Connector.of(ConnectorId.parse("ghcr.k3v9x2m4qa"), io.whittle.platform.org.OrganizationId.LOCAL,
                "team", "ghcr.io", Map.of("username", "octo"), java.util.Set.of("token"), ConnectorState.unverified(),
                java.time.Instant.now(), java.time.Instant.now(), 1);
        ConnectorEdit e = ConnectorEdit.of(c).withSecret("token", SecretValue.of(CANARY));
        assertThat(e.toString()).doesNotContain(CANARY).contains("token=****");
        assertThat(c.toString()).contains("secretFields=[token]");
    }

    @Test
    void emptySecretsAreDroppedFromDraftsAndEdits() {
        ConnectorDraft d = ConnectorDraft.of("ghcr", "team", "ghcr.io", Map.of(), Map.of("token", SecretValue.EMPTY),
                ConnectorState.unverified());
        assertThat(d.secrets()).isEmpty();
    }

    @Test
    void hostsAreExactHostNamesInLowercase() {
        assertThat(Stores.generic("x", "Registry.Example.COM:5000", "p").registryHost())
                .isEqualTo("registry.example.com:5000");
        assertThat(Stores.generic("x", "[::1]:5000", "p").registryHost()).isEqualTo("[::1]:5000");
        for (String bad : new String[] {"https://ghcr.io", "ghcr.io/path", "ghcr.io:0", "ghcr.io:70000", "-a.io",
                "a..io", "user@ghcr.io", ""}) {
            assertThatThrownBy(() -> Stores.generic("x", bad, "p")).as(bad)
                    .hasMessageContaining("is not a registry host");
        }
    }

    @Test
    void aFieldCannotBeBothSettingAndSecret() {
        assertThatThrownBy(() -> ConnectorDraft.of("ghcr", "n", "ghcr.io", Map.of("token", "x"),
                Map.of("token", SecretValue.of(CANARY)), ConnectorState.unverified()))
                .hasMessageContaining("'token' is given both as a setting and as a secret")
                .message().doesNotContain(CANARY);
    }

    @Test
    void namesAndStatusesAreValidated() {
        assertThatThrownBy(() -> Stores.ghcr(" ", "t")).hasMessageContaining("connector name");
        assertThatThrownBy(() -> Stores.ghcr("a\nb", "t")).hasMessageContaining("printable");
        assertThatThrownBy(() -> new ConnectorStatus(Verification.FAILING, "")).hasMessageContaining("needs a reason");
        assertThat(ConnectorStatus.failing("x".repeat(5000)).reason()).hasSize(ConnectorStatus.REASON_MAX);
        assertThat(Verification.fromWire("failing")).isEqualTo(Verification.FAILING);
        assertThat(Access.fromWire("read-write")).isEqualTo(Access.READ_WRITE);
    }
}
