package io.whittle.platform.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.platform.db.DatabaseException;
import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.testing.DatabaseTest;
import io.whittle.platform.testing.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pull rate limit a check read is kept with the connector, on both databases. */
class ConnectorRateLimitTest {
    private static final Instant READ = Instant.parse("2026-03-01T12:00:00.123456789Z");

    private static ConnectorState checkedWith(Optional<RateLimit> limit) {
        return ConnectorState.checked(ConnectorStatus.verified(), Access.READ_WRITE, Optional.empty(), READ)
                .withRateLimit(limit);
    }

    @DatabaseTest
    void aRateLimitIsStoredOnCreateCheckAndEdit(TestDatabase t) {
        Stores s = Stores.on(t);
        OrganizationId org = s.newOrg();
        RateLimit first = new RateLimit(200, 187, Duration.ofHours(6), READ);
        Connector c = s.store.create(org, ConnectorDraft.of("dockerhub", "hub", "docker.io",
                java.util.Map.of("username", "dev"), java.util.Map.of(), checkedWith(Optional.of(first))));
        assertThat(c.state().rateLimit()).contains(first);
        RateLimit stored = s.store.require(org, c.id()).state().rateLimit().orElseThrow();
        assertThat(stored).isEqualTo(first);
        assertThat(stored.checkedAt()).isEqualTo(Instant.parse("2026-03-01T12:00:00.123456Z"));

        RateLimit later = new RateLimit(200, 12, Duration.ofSeconds(21600), READ.plusSeconds(60));
        s.store.recordCheck(org, c.id(), c.version(), checkedWith(Optional.of(later)));
        assertThat(s.store.require(org, c.id()).state().rateLimit()).contains(later);

        Connector current = s.store.require(org, c.id());
        s.store.update(org, c.id(), ConnectorEdit.of(current).withState(checkedWith(Optional.empty())));
        assertThat(s.store.require(org, c.id()).state().rateLimit()).isEmpty();
        assertThat(s.store.list(org, PageRequest.first(10)).items()).singleElement()
                .satisfies(x -> assertThat(x.state().rateLimit()).isEmpty());
    }

    @DatabaseTest
    void connectorsWithoutARateLimitReadBackWithout(TestDatabase t) {
        Stores s = Stores.on(t);
        OrganizationId org = s.newOrg();
        Connector c = s.store.create(org, Stores.ghcr("plain", "ghp_plain"));
        assertThat(s.store.require(org, c.id()).state().rateLimit()).isEmpty();
    }

    @DatabaseTest
    void theSchemaRefusesHalfARateLimit(TestDatabase t) throws Exception {
        Stores s = Stores.on(t);
        OrganizationId org = s.newOrg();
        Connector c = s.store.create(org, Stores.ghcr("half", "ghp_half"));
        assertThatThrownBy(() -> s.db.inTransaction(conn -> {
            try (Statement st = conn.createStatement()) {
                return st.executeUpdate("UPDATE connectors SET rate_limit_limit = 100 WHERE id = '" + c.id() + "'");
            }
        })).isInstanceOf(DatabaseException.class);
        try (Connection conn = s.db.dataSource().getConnection(); Statement st = conn.createStatement()) {
            assertThat(st.executeUpdate("UPDATE connectors SET rate_limit_limit = 100, rate_limit_remaining = 5,"
                    + " rate_limit_window_seconds = 60, rate_limit_checked_at = CURRENT_TIMESTAMP WHERE id = '"
                    + c.id() + "'")).isEqualTo(1);
        }
        assertThat(s.store.require(org, c.id()).state().rateLimit()).get()
                .satisfies(l -> assertThat(l.remaining()).isEqualTo(5));
    }

    @Test
    void aRateLimitPrintsWhatIsLeft() {
        assertThat(new RateLimit(100, 76, Duration.ofHours(6), READ)).hasToString("76 of 100 pulls left per 6 h");
        assertThat(new RateLimit(10, 3, Duration.ofSeconds(90), READ)).hasToString("3 of 10 pulls left per 90 s");
        assertThatThrownBy(() -> new RateLimit(10, -1, Duration.ofHours(1), READ))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimit(10, 1, Duration.ZERO, READ))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
