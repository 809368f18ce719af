package io.whittle.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.platform.connector.Access;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorId;
import io.whittle.platform.connector.ConnectorState;
import io.whittle.platform.connector.ConnectorStatus;
import io.whittle.platform.org.OrganizationId;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How My Registries words a connector's status: verified, failing with the reason, expiring soon, expired. */
class ConnectorViewTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    private static ConnectorView view(ConnectorStatus status, Access access, Optional<Instant> expires) {
        Connector c = Connector.of(ConnectorId.parse("ghcr.k3v9x2m4qa"), OrganizationId.random(), "work", "ghcr.io",
                Map.of("username", "octocat"), Set.of("token"),
                new ConnectorState(status, access, expires, Optional.of(NOW.minus(Duration.ofHours(1)))), NOW, NOW, 1);
        return ConnectorView.of(c, "GitHub Container Registry", NOW);
    }

    @Test
    void aVerifiedConnectorSaysSoWithItsExpiryWhenFarAway() {
        ConnectorView v = view(ConnectorStatus.verified(), Access.READ_WRITE,
                Optional.of(NOW.plus(Duration.ofDays(90))));
        assertThat(v.status()).isEqualTo("verified");
        assertThat(v.statusText()).isEqualTo("Verified · expires 2027-02-25");
        assertThat(v.access()).isEqualTo("read-write");
        assertThat(v.lastChecked()).isEqualTo("2026-11-27 11:00 UTC");
        assertThat(v.reason()).isEmpty();
    }

    @Test
    void aCredentialExpiringWithinTwoWeeksIsFlaggedWithTheDate() {
        ConnectorView v = view(ConnectorStatus.verified(), Access.READ_ONLY, Optional.of(NOW.plus(Duration.ofDays(5))));
        assertThat(v.status()).isEqualTo("expiring");
        assertThat(v.statusText()).isEqualTo("Expires soon: 2026-12-02");
    }

    @Test
    void anExpiredCredentialIsFailingAndSaysWhatToDo() {
        ConnectorView v = view(ConnectorStatus.verified(), Access.READ_ONLY,
                Optional.of(NOW.minus(Duration.ofDays(1))));
        assertThat(v.failing()).isTrue();
        assertThat(v.statusText()).isEqualTo("Expired on 2026-11-26");
        assertThat(v.reason()).hasValueSatisfying(r -> assertThat(r).contains("edit the connector"));
    }

    @Test
    void aFailingConnectorShowsTheReasonAndAnUnverifiedOneSaysSo() {
        ConnectorView failing = view(ConnectorStatus.failing("ghcr.io refused the token: create a new one."),
                Access.UNKNOWN, Optional.empty());
        assertThat(failing.status()).isEqualTo("failing");
        assertThat(failing.reason()).contains("ghcr.io refused the token: create a new one.");
        assertThat(failing.access()).isEqualTo("unknown");
        assertThat(view(ConnectorStatus.unverified("not checked"), Access.UNKNOWN, Optional.empty()).statusText())
                .isEqualTo("Not verified");
    }

    @Test
    void theCliCommandsOfferAReadWriteConnectorAsACopyDestinationToo() {
        assertThat(view(ConnectorStatus.verified(), Access.READ_WRITE, Optional.empty()).cliCommands())
                .contains("whittle images --connector ghcr.k3v9x2m4qa",
                        "whittle inspect --connector ghcr.k3v9x2m4qa ghcr.io/REPO:TAG",
                        "whittle copy --to-connector ghcr.k3v9x2m4qa SRC ghcr.io/REPO:TAG");
        assertThat(view(ConnectorStatus.verified(), Access.READ_ONLY, Optional.empty()).cliCommands())
                .noneMatch(c -> c.contains("--to-connector"));
    }

    @Test
    void sizesAndDigestsAreShortenedForTables() {
        assertThat(Format.size(512)).isEqualTo("512 B");
        assertThat(Format.size(1536)).isEqualTo("1.5 kB");
        assertThat(Format.size(250_000_000L)).isEqualTo("250.0 MB");
        assertThat(Format.shortDigest("sha256:0123456789abcdef0123")).isEqualTo("sha256:0123456789ab");
    }
}
