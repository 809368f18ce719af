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
        ConnectorId id = ConnectorId.parse("ghcr.k3v7x2m4qa");
        assertThat(id.provider()).isEqualTo("ghcr");
        assertThat(id.suffix()).isEqualTo("k3v7x2m4qa");
        assertThat(id).hasToString("ghcr.k3v7x2m4qa");
        assertThat(id.isBuiltIn()).isFalse();
    }

    @Test
    void refusesEverythingElseSayingTheExpectedForm() {
        for (String bad : new String[] {"ghcr", "ghcr.", ".k3v7x2m4qa", "ghcr.k3v9x2m4q", "ghcr.k3v7x2m4qab",
                "ghcr.K3V9X2M4QA", "ghcr.k3v9x2m4q1", "ghcr.k3v9x2m4q0", "ghcr.k3v9x2m4q8", "Ghcr.k3v7x2m4qa",
                "g.k3v7x2m4qa", "gh-cr.k3v7x2m4qa", "ghcr.k3v9.2m4qa", "ghcr.public", "dockerhub.publix", ""}) {
            assertThatThrownBy(() -> ConnectorId.parse(bad)).as(bad)
                    .isInstanceOf(InvalidConnectorIdException.class)
                    .hasMessageContaining("is not a connector ID")
                    .hasMessageContaining("ghcr.k3v7x2m4qa");
            assertThat(ConnectorId.isValid(bad)).isFalse();
        }
        assertThatThrownBy(() -> ConnectorId.parse("ghcr.k3v9x2m4q1"))
                .hasMessageContaining("expected <provider>.<10 characters from a-z and 2-7>");
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
            assertThat(id.toString()).matches("ecr\\.[a-z2-7]{10}");
            assertThat(ConnectorId.parse(id.toString())).isEqualTo(id);
            assertThat(seen.add(id.toString())).isTrue();
            id.suffix().chars().forEach(c -> chars.add((char) c));
        }
        assertThat(chars).hasSize(32);
        assertThat(ConnectorIdGenerator.secure().next("quay").toString()).matches("quay\\.[a-z2-7]{10}");
    }
}
