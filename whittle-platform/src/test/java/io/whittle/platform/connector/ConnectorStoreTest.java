package io.whittle.platform.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.secret.Keyring;
import io.whittle.platform.secret.SecretValue;
import io.whittle.platform.testing.DatabaseTest;
import io.whittle.platform.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

class ConnectorStoreTest {

    @DatabaseTest
    void createsAConnectorUnderAFreshIdAndReadsItBack(TestDatabase t) {
        Stores s = Stores.on(t);
        OrganizationId org = s.newOrg();
        Instant checked = Instant.now();
        ConnectorDraft draft = ConnectorDraft.of("ghcr", "team packages", "ghcr.io", Map.of("username", "octo"),
                Map.of("token", SecretValue.of("ghp_1")), ConnectorState.checked(ConnectorStatus.verified(),
                        Access.READ_WRITE, Optional.of(checked.plus(30, ChronoUnit.DAYS)), checked));

        Connector c = s.store.create(org, draft);

        assertThat(c.id().toString()).matches("ghcr\\.[0-9a-hjkmnp-tv-z]{10}");
        assertThat(c.organizationId()).isEqualTo(org);
        assertThat(c.name()).isEqualTo("team packages");
        assertThat(c.settings()).containsExactly(Map.entry("username", "octo"));
        assertThat(c.secretFields()).containsExactly("token");
        assertThat(c.version()).isEqualTo(1);
        assertThat(s.store.get(org, c.id())).contains(c);
        assertThat(s.store.require(org, c.id())).isEqualTo(c);
        assertThat(s.reader.secrets(org, c.id())).containsExactly(Map.entry("token", SecretValue.of("ghp_1")));
    }

    @DatabaseTest
    void anotherOrganizationsConnectorIsExactlyNotFound(TestDatabase t) {
        Stores s = Stores.on(t);
        OrganizationId a = s.newOrg();
        OrganizationId b = s.newOrg();
        Connector c = s.store.create(a, Stores.ghcr("a's", "ghp_a"));
        ConnectorId missing = ConnectorId.parse("ghcr.aaaaaaaaaa");

        assertThat(s.store.get(b, c.id())).isEmpty();
        assertThat(s.store.list(b, PageRequest.first(10)).items()).isEmpty();
        assertThat(s.store.findByHost(b, "ghcr.io")).isEmpty();
        List<Runnable> foreign = List.of(
                () -> s.store.require(b, c.id()),
                () -> s.store.update(b, c.id(), ConnectorEdit.of(c).withName("taken")),
                () -> s.store.recordCheck(b, c.id(), c.version(), ConnectorState.unverified()),
                () -> s.store.delete(b, c.id()),
                () -> s.reader.secrets(b, c.id()));
        List<Runnable> absent = List.of(
                () -> s.store.require(a, missing),
                () -> s.store.update(a, missing, ConnectorEdit.of(c).withName("taken")),
                () -> s.store.recordCheck(a, missing, c.version(), ConnectorState.unverified()),
                () -> s.store.delete(a, missing),
                () -> s.reader.secrets(a, missing));
        for (int i = 0; i < foreign.size(); i++) {
            Throwable f = catchThrowable(foreign.get(i)::run);
            Throwable m = catchThrowable(absent.get(i)::run);
            assertThat(f).isInstanceOf(ConnectorNotFoundException.class);
            assertThat(m).isInstanceOf(ConnectorNotFoundException.class);
            assertThat(f.getMessage().replace(c.id().toString(), "ID"))
                    .isEqualTo(m.getMessage().replace(missing.toString(), "ID"));
        }
        assertThat(s.store.require(a, c.id())).isEqualTo(c);
        assertThat(s.reader.secrets(a, c.id())).containsKey("token");
    }

    @DatabaseTest
    void listsOneOrganizationInPagesOldestFirst(TestDatabase t) {
        Stores s = Stores.on(t);
        OrganizationId org = s.newOrg();
        OrganizationId other = s.newOrg();
        List<ConnectorId> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(s.store.create(org, Stores.ghcr("c" + i, "t" + i)).id());
            s.store.create(other, Stores.ghcr("c" + i, "t" + i));
        }
        List<ConnectorId> listed = new ArrayList<>();
        PageRequest request = PageRequest.first(2);
        int pages = 0;
        while (true) {
            Page<Connector> page = s.store.list(org, request);
            pages++;
            page.items().forEach(c -> {
                assertThat(c.organizationId()).isEqualTo(org);
                assertThat(c.secretFields()).containsExactly("token");
                listed.add(c.id());
            });
            if (page.next().isEmpty()) {
                break;
            }
            request = page.nextRequest(2).orElseThrow();
        }
        assertThat(pages).isEqualTo(3);
        assertThat(listed).containsExactlyElementsOf(created);
        assertThat(s.store.list(org, PageRequest.first(5)).next()).isEmpty();
        assertThatThrownBy(() -> s.store.list(org, PageRequest.after("garbage!", 2)))
                .hasMessageContaining("start again from the first page");
    }

    @DatabaseTest
    void aRenameKeepsTheSecretAndBumpsTheVersion(TestDatabase t) {
        Stores s = Stores.on(t);
        OrganizationId org = s.newOrg();
        Connector c = s.store.create(org, Stores.ghcr("before", "ghp_keep"));

        Connector renamed = s.store.update(org, c.id(),
                ConnectorEdit.of(c).withName("after").withSecret("token", SecretValue.EMPTY));

        assertThat(renamed.name()).isEqualTo("after");
        assertThat(renamed.version()).isEqualTo(2);
        assertThat(renamed.secretFields()).containsExactly("token");
        assertThat(renamed.updatedAt()).isAfterOrEqualTo(c.updatedAt());
        assertThat(s.store.require(org, c.id())).isEqualTo(renamed);
        assertThat(s.reader.secrets(org, c.id()).get("token").reveal()).isEqualTo("ghp_keep");
    }

    @DatabaseTest
    void aGivenSecretReplacesAndAClearedOneGoes(TestDatabase t) {
        Stores s = Stores.on(t);
        OrganizationId org = s.newOrg();
        Connector c = s.store.create(org, ConnectorDraft.of("ecr", "aws", "123456789012.dkr.ecr.eu-west-1.amazonaws.com",
                Map.of("region", "eu-west-1", "accessKeyId", "AKIAEXAMPLE"),
                Map.of("secretAccessKey", SecretValue.of("old-secret"), "sessionToken", SecretValue.of("old-session")),
                ConnectorState.unverified()));

        Connector edited = s.store.update(org, c.id(), ConnectorEdit.of(c)
                .withSecret("secretAccessKey", SecretValue.of("new-secret")).withoutSecret("sessionToken"));

        assertThat(edited.secretFields()).containsExactly("secretAccessKey");
        assertThat(s.reader.secrets(org, c.id()))
                .containsExactly(Map.entry("secretAccessKey", SecretValue.of("new-secret")));
        assertThat(s.store.require(org, c.id()).secretFields()).containsExactly("secretAccessKey");
        assertThatThrownBy(() -> s.store.update(org, c.id(), ConnectorEdit.of(edited).withoutSecret("nothing")))
                .hasMessageContaining("has no secret nothing to clear");
    }

    @DatabaseTest
    void changingTheHostRequiresTheSecretAgain(TestDatabase t) {
        Stores s = Stores.on(t);
        OrganizationId org = s.newOrg();
        Connector c = s.store.create(org, Stores.generic("private", "registry.example.com", "stored-pw"));
        Map<String, String> moved = Map.of("url", "https://registry.example.com.evil.net", "username", "robot",
                "insecure", "false");
        ConnectorEdit move = ConnectorEdit.of(c).withRegistryHost("registry.example.com.evil.net").withSettings(moved);

        assertThatThrownBy(() -> s.store.update(org, c.id(), move))
                .isInstanceOf(SecretRequiredException.class)
                .hasMessage("Changing where connector " + c.id() + " connects requires its secrets again: enter password.")
                .satisfies(e -> assertThat(((SecretRequiredException) e).fields()).containsExactly("password"));
        assertThatThrownBy(() -> s.store.update(org, c.id(), move.withSecret("password", SecretValue.EMPTY)))
                .isInstanceOf(SecretRequiredException.class);
        assertThat(s.store.require(org, c.id())).isEqualTo(c);

        Connector done = s.store.update(org, c.id(), move.withSecret("password", SecretValue.of("new-pw")));
        assertThat(done.registryHost()).isEqualTo("registry.example.com.evil.net");
        assertThat(s.reader.secrets(org, c.id()).get("password").reveal()).isEqualTo("new-pw");
    }

    @DatabaseTest
    void changingADestinationSettingRequiresTheSecretAgain(TestDatabase t) {
        Stores s = Stores.on(t);
        OrganizationId org = s.newOrg();
        Connector c = s.store.create(org, Stores.generic("private", "registry.example.com", "stored-pw"));
        Set<String> destination = Set.of("url", "insecure", "caCertificate");

        // Plain http to the same host: where the password goes changes, so it must be given again.
        ConnectorEdit downgrade = ConnectorEdit.of(c).withDestinationSettings(destination).withSettings(
                Map.of("url", "http://registry.example.com", "username", "robot", "insecure", "true"));
        assertThatThrownBy(() -> s.store.update(org, c.id(), downgrade)).isInstanceOf(SecretRequiredException.class);

        // A setting outside the destination changes freely.
        Connector renamedUser = s.store.update(org, c.id(), ConnectorEdit.of(c).withDestinationSettings(destination)
                .withSettings(Map.of("url", "https://registry.example.com", "username", "robot2", "insecure", "false")));
        assertThat(renamedUser.settings()).containsEntry("username", "robot2");
        assertThat(s.reader.secrets(org, c.id()).get("password").reveal()).isEqualTo("stored-pw");
    }

    @DatabaseTest
    void aStaleVersionIsAConflict(TestDatabase t) {
        Stores s = Stores.on(t);
        OrganizationId org = s.newOrg();
        Connector c = s.store.create(org, Stores.ghcr("one", "ghp_1"));
        s.store.update(org, c.id(), ConnectorEdit.of(c).withName("two"));

        assertThatThrownBy(() -> s.store.update(org, c.id(), ConnectorEdit.of(c).withName("three")))
                .isInstanceOf(ConnectorConflictException.class)
                .hasMessageContaining("version 1, now 2").hasMessageContaining("load it again");
        assertThatThrownBy(() -> s.store.recordCheck(org, c.id(), 1, ConnectorState.unverified()))
                .isInstanceOf(ConnectorConflictException.class);
        assertThat(s.store.require(org, c.id()).name()).isEqualTo("two");
    }

    @DatabaseTest
    void aCheckIsRecordedWithoutANewVersion(TestDatabase t) {
        Stores s = Stores.on(t);
        OrganizationId org = s.newOrg();
        Connector c = s.store.create(org, Stores.ghcr("one", "ghp_1"));
        Instant now = Instant.now();
        ConnectorState failing = ConnectorState.checked(ConnectorStatus.failing("the token lacks read:packages"),
                Access.UNKNOWN, Optional.of(now.plusSeconds(3600)), now);

        Connector checked = s.store.recordCheck(org, c.id(), c.version(), failing);

        assertThat(checked.version()).isEqualTo(c.version());
        assertThat(s.store.require(org, c.id())).isEqualTo(checked);
        assertThat(checked.state().status().reason()).isEqualTo("the token lacks read:packages");
        assertThat(checked.state().expiresAt()).contains(now.plusSeconds(3600).truncatedTo(ChronoUnit.MICROS));
        assertThat(checked.state().lastCheckedAt()).contains(now.truncatedTo(ChronoUnit.MICROS));
    }

    @DatabaseTest
    void namesAreUniqueWithinAnOrganizationOnly(TestDatabase t) {
        Stores s = Stores.on(t);
        OrganizationId a = s.newOrg();
        OrganizationId b = s.newOrg();
        Connector first = s.store.create(a, Stores.ghcr("shared", "x"));
        assertThatThrownBy(() -> s.store.create(a, Stores.ghcr("shared", "y")))
                .isInstanceOf(DuplicateConnectorNameException.class).hasMessageContaining("choose another name");
        s.store.create(b, Stores.ghcr("shared", "z"));
        Connector second = s.store.create(a, Stores.ghcr("other", "y"));
        assertThatThrownBy(() -> s.store.update(a, second.id(), ConnectorEdit.of(second).withName("shared")))
                .isInstanceOf(DuplicateConnectorNameException.class);
        assertThat(s.store.update(a, first.id(), ConnectorEdit.of(first).withName("shared")).version()).isEqualTo(2);
    }

    @DatabaseTest
    void aCollidingIdIsReplacedByAFreshOne(TestDatabase t) {
        Deque<ConnectorId> planned = new ArrayDeque<>(List.of(ConnectorId.parse("ghcr.aaaaaaaaaa"),
                ConnectorId.parse("ghcr.aaaaaaaaaa"), ConnectorId.parse("ghcr.bbbbbbbbbb")));
        Stores s = new Stores(t, Keyring.generate(Stores.RANDOM), provider -> planned.removeFirst());
        OrganizationId a = s.newOrg();
        OrganizationId b = s.newOrg();

        assertThat(s.store.create(a, Stores.ghcr("first", "x")).id()).hasToString("ghcr.aaaaaaaaaa");
        // The same ID in another organization still collides: an ID names one connector anywhere.
        assertThat(s.store.create(b, Stores.ghcr("second", "y")).id()).hasToString("ghcr.bbbbbbbbbb");
        assertThat(planned).isEmpty();
    }

    @DatabaseTest
    void deletingRemovesTheRowAndItsSecrets(TestDatabase t) throws Exception {
        Stores s = Stores.on(t);
        OrganizationId org = s.newOrg();
        Connector gone = s.store.create(org, Stores.ghcr("gone", "x"));
        Connector kept = s.store.create(org, Stores.ghcr("kept", "y"));

        s.store.delete(org, gone.id());

        assertThat(s.store.get(org, gone.id())).isEmpty();
        assertThat(secretRows(s, gone.id())).isZero();
        assertThat(secretRows(s, kept.id())).isEqualTo(1);
        assertThatThrownBy(() -> s.store.delete(org, gone.id())).isInstanceOf(ConnectorNotFoundException.class);
    }

    @DatabaseTest
    void dockerHubPublicIsBuiltInEverywhereAndReadOnly(TestDatabase t) {
        Stores s = Stores.on(t);
        OrganizationId org = s.newOrg();
        Connector hub = s.store.require(org, ConnectorId.DOCKERHUB_PUBLIC);
        assertThat(hub.isBuiltIn()).isTrue();
        assertThat(hub.registryHost()).isEqualTo("docker.io");
        assertThat(hub.state().access()).isEqualTo(Access.READ_ONLY);
        assertThat(hub.secretFields()).isEmpty();
        assertThat(s.reader.secrets(org, ConnectorId.DOCKERHUB_PUBLIC)).isEmpty();
        assertThatThrownBy(() -> s.store.update(org, hub.id(), ConnectorEdit.of(hub).withName("mine")))
                .isInstanceOf(BuiltInConnectorException.class).hasMessageContaining("built in and read-only");
        assertThatThrownBy(() -> s.store.delete(org, hub.id())).isInstanceOf(BuiltInConnectorException.class);
        assertThat(s.store.list(org, PageRequest.first(10)).items()).isEmpty();
    }

    @DatabaseTest
    void hostsMatchExactlyNeverBySuffix(TestDatabase t) {
        Stores s = Stores.on(t);
        OrganizationId org = s.newOrg();
        Connector exact = s.store.create(org, Stores.generic("exact", "registry.example.com", "p"));
        s.store.create(org, Stores.generic("port", "registry.example.com:5000", "p"));

        assertThat(s.store.findByHost(org, "Registry.Example.com")).extracting(Connector::id).containsExactly(exact.id());
        assertThat(s.store.findByHost(org, "registry.example.com.evil.net")).isEmpty();
        assertThat(s.store.findByHost(org, "example.com")).isEmpty();
        assertThat(s.store.findByHost(org, "registry.example.co")).isEmpty();
    }

    @DatabaseTest
    void anUnknownOrganizationCannotOwnConnectors(TestDatabase t) {
        Stores s = Stores.on(t);
        assertThatThrownBy(() -> s.store.create(OrganizationId.random(), Stores.ghcr("x", "y")))
                .hasMessageContaining("create it before adding connectors");
        assertThat(s.store.create(OrganizationId.LOCAL, Stores.ghcr("local one", "y")).organizationId())
                .isEqualTo(OrganizationId.LOCAL);
    }

    private static int secretRows(Stores s, ConnectorId id) throws Exception {
        try (Connection c = s.db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM connector_secrets WHERE connector_id = ?")) {
            ps.setString(1, id.toString());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
