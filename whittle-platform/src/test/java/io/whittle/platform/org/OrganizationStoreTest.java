package io.whittle.platform.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.platform.testing.DatabaseTest;
import io.whittle.platform.testing.TestDatabase;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class OrganizationStoreTest {

    @DatabaseTest
    void createsFindsAndRefusesDuplicates(TestDatabase t) {
        OrganizationStore orgs = new OrganizationStore(t.database(), Clock.systemUTC());
        Organization team = orgs.create("platform-team", "Platform team");
        assertThat(orgs.get(team.id())).contains(team);
        assertThat(orgs.bySlug("platform-team")).contains(team);
        assertThat(orgs.get(OrganizationId.random())).isEmpty();
        assertThatThrownBy(() -> orgs.create("platform-team", "Again"))
                .isInstanceOf(DuplicateOrganizationException.class).hasMessageContaining("choose another slug");
    }

    @DatabaseTest
    void theLocalOrganizationAlwaysExists(TestDatabase t) {
        Organization local = new OrganizationStore(t.database(), Clock.systemUTC()).local();
        assertThat(local.id()).isEqualTo(OrganizationId.LOCAL);
        assertThat(local.slug()).isEqualTo("local");
    }

    @Test
    void slugsAndIdsAreValidated() {
        assertThatThrownBy(() -> OrganizationId.parse("nope")).hasMessageContaining("expected a UUID");
        assertThatThrownBy(() -> new Organization(OrganizationId.random(), "Bad Slug", "x", java.time.Instant.now()))
                .hasMessageContaining("lowercase");
    }
}
