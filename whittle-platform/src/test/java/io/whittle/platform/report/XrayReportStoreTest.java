package io.whittle.platform.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.platform.connector.Page;
import io.whittle.platform.connector.PageRequest;
import io.whittle.platform.db.Database;
import io.whittle.platform.job.JobId;
import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.org.OrganizationStore;
import io.whittle.platform.testing.DatabaseTest;
import io.whittle.platform.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Stored X-ray reports: round trip, listings by layer, newest-first keyset pages, deletes, one organization each. */
class XrayReportStoreTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456Z");

    private static OrganizationId org(Database db, String slug) {
        return new OrganizationStore(db, Clock.systemUTC()).create(slug, slug).id();
    }

    private static XrayReportSummary summary(OrganizationId org, Instant at, String digest, Optional<JobId> job) {
        return new XrayReportSummary(XrayReportId.random(), org, job, "generic.abcdefghij",
                "127.0.0.1:5000/team/app:1", digest, "linux/amd64", at, 7_340_032L, 3_000_000L, 0.9731, 12_345L,
                new XrayReportSummary.FindingCounts(1, 2, 3, 4, 5), 42, 3);
    }

    @DatabaseTest
    void aReportIsStoredAndReadBackWithItsDocumentAndListings(TestDatabase t) {
        Database db = t.database();
        XrayReportStore store = new XrayReportStore(db);
        OrganizationId org = org(db, "acme");
        JobId job = JobId.random();
        XrayReportSummary s = summary(org, T0, "sha256:" + "a".repeat(64), Optional.of(job));
        String big = "{\"schema\":\"whittle.xray/v1\",\"pad\":\"" + "x".repeat(300_000) + "\"}";
        byte[] layer0 = "layer zero".getBytes(StandardCharsets.UTF_8);
        byte[] merged = new byte[200_000];
        merged[199_999] = 7;

        store.store(s, big, Map.of(0, layer0, -1, merged));

        assertThat(store.find(org, s.id())).contains(s);
        assertThat(store.document(org, s.id())).contains(big);
        assertThat(store.listing(org, s.id(), 0)).hasValueSatisfying(b -> assertThat(b).isEqualTo(layer0));
        assertThat(store.listing(org, s.id(), -1)).hasValueSatisfying(b -> assertThat(b).isEqualTo(merged));
        assertThat(store.listing(org, s.id(), 1)).isEmpty();

        XrayReportSummary noJob = summary(org, T0.plusSeconds(1), "sha256:" + "b".repeat(64), Optional.empty());
        store.store(noJob, "{}", Map.of());
        assertThat(store.find(org, noJob.id()).orElseThrow().job()).isEmpty();
    }

    @DatabaseTest
    void anotherOrganizationsReportIsNotThere(TestDatabase t) {
        Database db = t.database();
        XrayReportStore store = new XrayReportStore(db);
        OrganizationId mine = org(db, "mine");
        OrganizationId theirs = org(db, "theirs");
        XrayReportSummary s = summary(mine, T0, "sha256:" + "c".repeat(64), Optional.empty());
        store.store(s, "{\"a\":1}", Map.of(0, new byte[] {1}));

        assertThat(store.find(theirs, s.id())).isEmpty();
        assertThat(store.document(theirs, s.id())).isEmpty();
        assertThat(store.listing(theirs, s.id(), 0)).isEmpty();
        assertThat(store.list(theirs, PageRequest.first(10), Optional.empty()).items()).isEmpty();
        assertThat(store.delete(theirs, s.id())).isFalse();
        assertThat(store.find(mine, s.id())).isPresent();

        assertThat(store.delete(mine, s.id())).isTrue();
        assertThat(store.find(mine, s.id())).isEmpty();
        assertThat(store.listing(mine, s.id(), 0)).as("listings go with the report").isEmpty();
        assertThat(store.delete(mine, s.id())).isFalse();
    }

    @DatabaseTest
    void reportsAreListedNewestFirstInPagesThatSurviveDeletes(TestDatabase t) {
        Database db = t.database();
        XrayReportStore store = new XrayReportStore(db);
        OrganizationId org = org(db, "pages");
        List<XrayReportSummary> made = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            // Two share a creation time, so that the id breaks the tie.
            Instant at = T0.plus(i == 4 ? 3 : i, ChronoUnit.MINUTES);
            made.add(store.store(summary(org, at, "sha256:" + (i % 2 == 0 ? "d" : "e").repeat(64), Optional.empty()),
                    "{}", Map.of()));
        }
        List<XrayReportSummary> seen = new ArrayList<>();
        Page<XrayReportSummary> page = store.list(org, PageRequest.first(3), Optional.empty());
        seen.addAll(page.items());
        // A report of the first page goes before the next is asked for: nothing is skipped or repeated.
        store.delete(org, page.items().getFirst().id());
        while (page.next().isPresent()) {
            page = store.list(org, PageRequest.after(page.next().get(), 3), Optional.empty());
            seen.addAll(page.items());
        }
        assertThat(seen).hasSize(7).doesNotHaveDuplicates();
        assertThat(seen).isSortedAccordingTo((a, b) -> b.createdAt().compareTo(a.createdAt()));

        Page<XrayReportSummary> ofD = store.list(org, PageRequest.first(50), Optional.of("sha256:" + "d".repeat(64)));
        assertThat(ofD.items()).as("the newest d was deleted").hasSize(3).allSatisfy(s -> assertThat(s.imageDigest()).startsWith("sha256:d"));
        assertThat(ofD.next()).isEmpty();
    }

    @Test
    void summariesRefuseImpossibleFigures() {
        OrganizationId org = new OrganizationId(java.util.UUID.randomUUID());
        assertThatThrownBy(() -> new XrayReportSummary(XrayReportId.random(), org, Optional.empty(), "c", "r", "d",
                "p", T0, 1, 1, 1.5, 0, new XrayReportSummary.FindingCounts(0, 0, 0, 0, 0), 0, 0))
                .hasMessageContaining("efficiency");
        assertThatThrownBy(() -> XrayReportId.parse("nope")).hasMessageContaining("not an X-ray report id");
    }
}
