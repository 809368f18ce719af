package io.whittle.platform.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConnectorIdTest {

    @Test
    void parsesTheDocumentedForm() {
        ConnectorId id = ConnectorId.parse("ghcr.k3v9x2m4qa");
        assertThat(id.provider()).isEqualTo("ghcr");
        assertThat(id.suffix()).isEqualTo("k3v9x2m4qa");
        assertThat(id).hasToString("ghcr.k3v9x2m4qa");
        assertThat(id.isBuiltIn()).isFalse();
    }

    @Test
    void refusesEverythingElseSayingTheExpectedForm() {
        for (String bad : new String[] {"ghcr", "ghcr.", ".k3v9x2m4qa", "ghcr.k3v9x2m4q", "ghcr.k3v9x2m4qab",
                "ghcr.K3V9X2M4QA", "ghcr.k3v9x2m4qi", "ghcr.k3v9x2m4ql", "ghcr.k3v9x2m4qo", "ghcr.k3v9x2m4qu", "Ghcr.k3v9x2m4qa",
                "g.k3v9x2m4qa", "gh-cr.k3v9x2m4qa", "ghcr.k3v9.2m4qa", "ghcr.public", "dockerhub.publix", ""}) {
            assertThatThrownBy(() -> ConnectorId.parse(bad)).as(bad)
                    .isInstanceOf(InvalidConnectorIdException.class)
                    .hasMessageContaining("is not a connector ID")
                    .hasMessageContaining("ghcr.k3v9x2m4qa");
            assertThat(ConnectorId.isValid(bad)).isFalse();
        }
        assertThatThrownBy(() -> ConnectorId.parse("ghcr.k3v9x2m4qi"))
                .hasMessageContaining("expected <provider>.<10 lowercase letters and digits, without i, l, o or u>");
    }

    @Test
    void dockerHubPublicIsTheReservedBuiltIn() {
        ConnectorId id = ConnectorId.parse("dockerhub.public");
        assertThat(id).isEqualTo(ConnectorId.DOCKERHUB_PUBLIC);
        assertThat(id.isBuiltIn()).isTrue();
    }

    @Test
    void generatedIdsUseTheBase32AlphabetAndDiffer() {
        SecureRandom random = new SecureRandom();
        Set<String> seen = new HashSet<>();
        Set<Character> chars = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            ConnectorId id = ConnectorId.random("ecr", random);
            assertThat(id.toString()).matches("ecr\\.[0-9a-hjkmnp-tv-z]{10}");
            assertThat(ConnectorId.parse(id.toString())).isEqualTo(id);
            assertThat(seen.add(id.toString())).isTrue();
            id.suffix().chars().forEach(c -> chars.add((char) c));
        }
        assertThat(chars).hasSize(32);
        assertThat(ConnectorIdGenerator.secure().next("quay").toString()).matches("quay\\.[0-9a-hjkmnp-tv-z]{10}");
    }
}
