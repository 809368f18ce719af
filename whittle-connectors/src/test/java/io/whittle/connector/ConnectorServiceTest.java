package io.whittle.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.connector.generic.GenericProvider;
import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import io.whittle.platform.connector.BuiltInConnectorException;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorId;
import io.whittle.platform.connector.ConnectorNotFoundException;
import io.whittle.platform.connector.SecretRequiredException;
import io.whittle.platform.connector.Verification;
import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.org.OrganizationStore;
import io.whittle.platform.secret.SecretValue;
import io.whittle.registry.RegistryClient;
import io.whittle.registry.auth.Credential;
import io.whittle.testkit.RegistryServer;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The service's verbs and the keychain, with the generic provider against real registries. */
class ConnectorServiceTest {
    static final OrganizationId ORG = TestPlatform.ORG;
    static TestPlatform platform;
    static RegistryServer one;
    static RegistryServer two;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start(new GenericProvider());
        one = RegistryServer.builder().basic("svc", "svc-password-1").start();
        two = RegistryServer.builder().host("127.0.0.2").basic("svc", "svc-password-1").start();
        Images.image("svc").push(one.url(), "team/app", "v1", one.credentials());
    }

    @AfterAll
    static void stop() throws Exception {
        one.close();
        two.close();
        platform.close();
    }

    static FieldValues values(String registry, String password) {
        return FieldValues.of(Map.of("registry", registry, "username", "svc"),
                Map.of("password", SecretValue.of(password)));
    }

    private static Connector add(String name, String registry, String password) throws Exception {
        return platform.service.add(ORG, NewConnector.of("generic", name, values(registry, password))).connector();
    }

    @Test
    void listShowsTheBuiltInConnectorFirstAndShowFindsOne() throws Exception {
        Connector c = add("listed", one.hostPort(), "svc-password-1");
        assertThat(platform.service.list(ORG).getFirst().id()).isEqualTo(ConnectorId.DOCKERHUB_PUBLIC);
        assertThat(platform.service.list(ORG)).extracting(Connector::id).contains(c.id());
        assertThat(platform.service.show(ORG, c.id()).name()).isEqualTo("listed");
        assertThat(platform.service.providers()).extracting(Provider::id).containsExactly("generic");
    }

    @Test
    void nothingIsSavedWhenTheCheckFailsUnlessAsked() throws Exception {
        int before = platform.service.list(ORG).size();
        assertThatThrownBy(() -> add("bad", one.hostPort(), "wrong-password"))
                .isInstanceOf(ConnectorCheckException.class);
        assertThat(platform.service.list(ORG)).hasSize(before);
        ConnectorOutcome o = platform.service.add(ORG, NewConnector.of("generic", "bad but kept",
                values(one.hostPort(), "wrong-password")).unverified());
        assertThat(o.verified()).isFalse();
        assertThat(o.connector().state().status().verification()).isEqualTo(Verification.UNVERIFIED);
        assertThat(o.connector().state().status().reason()).contains("did not accept");
        ConnectorOutcome tested = platform.service.test(ORG, o.connector().id());
        assertThat(tested.connector().state().status().verification()).isEqualTo(Verification.FAILING);
        assertThat(tested.failure()).get().extracting(ConnectorCheckException::field).asString()
                .contains("password");
    }

    @Test
    void editKeepsABlankSecretButAHostChangeNeedsItAgain() throws Exception {
        Connector c = add("editable", one.hostPort(), "svc-password-1");
        ConnectorOutcome renamed = platform.service.edit(ORG, c.id(), ConnectorChange.of(c).rename("renamed")
                .secret("password", SecretValue.EMPTY));
        assertThat(renamed.verified()).isTrue();
        assertThat(renamed.connector().name()).isEqualTo("renamed");
        assertThat(renamed.connector().secretFields()).containsExactly("password");

        Connector current = renamed.connector();
        assertThatThrownBy(() -> platform.service.edit(ORG, c.id(), ConnectorChange.of(current)
                .set("registry", two.hostPort())))
                .isInstanceOfSatisfying(SecretRequiredException.class,
                        e -> assertThat(e.fields()).containsExactly("password"));
        assertThatThrownBy(() -> platform.service.edit(ORG, c.id(), ConnectorChange.of(current)
                .set("allowPlainHttp", "true")))
                .isInstanceOf(SecretRequiredException.class);
        ConnectorOutcome moved = platform.service.edit(ORG, c.id(), ConnectorChange.of(current)
                .set("registry", two.hostPort()).secret("password", SecretValue.of("svc-password-1")));
        assertThat(moved.connector().registryHost()).isEqualTo(two.hostPort());
        assertThat(platform.service.test(ORG, c.id()).verified()).isTrue();
    }

    @Test
    void anEditMadeAgainstAnOlderVersionIsRefusedAndChangesNothing() throws Exception {
        Connector read = add("raced", one.hostPort(), "svc-password-1");
        Connector changed = platform.service.edit(ORG, read.id(), ConnectorChange.of(read).rename("first"))
                .connector();
        assertThatThrownBy(() -> platform.service.edit(ORG, read.id(), ConnectorChange.of(read).rename("second")))
                .isInstanceOf(io.whittle.platform.connector.ConnectorConflictException.class);
        Connector now = platform.service.show(ORG, read.id());
        assertThat(now.name()).isEqualTo("first");
        assertThat(now.version()).isEqualTo(changed.version());
    }

    @Test
    void deleteRemovesAndTheBuiltInStays() throws Exception {
        Connector c = add("doomed", one.hostPort(), "svc-password-1");
        platform.service.delete(ORG, c.id());
        assertThatThrownBy(() -> platform.service.show(ORG, c.id())).isInstanceOf(ConnectorNotFoundException.class);
        assertThatThrownBy(() -> platform.service.delete(ORG, ConnectorId.DOCKERHUB_PUBLIC))
                .isInstanceOf(BuiltInConnectorException.class);
    }

    @Test
    void anotherOrganizationSeesNothing() throws Exception {
        Connector c = add("mine", one.hostPort(), "svc-password-1");
        OrganizationId other = new OrganizationStore(platform.db, Clock.systemUTC()).create("other-org", "Other").id();
        assertThatThrownBy(() -> platform.service.show(other, c.id())).isInstanceOf(ConnectorNotFoundException.class);
        assertThatThrownBy(() -> platform.service.test(other, c.id())).isInstanceOf(ConnectorNotFoundException.class);
        assertThatThrownBy(() -> platform.service.delete(other, c.id())).isInstanceOf(ConnectorNotFoundException.class);
        try (ConnectorKeychain k = platform.service.keychain(other)) {
            assertThat(k.resolve(one.hostPort())).isEqualTo(Credential.ANONYMOUS);
        }
    }

    @Test
    void deletingATagWhereTheRegistryDeletesOnlyByDigest() throws Exception {
        Connector c = add("tags", one.hostPort(), "svc-password-1");
        try (ConnectorKeychain k = platform.service.keychain(ORG, c.id());
             RegistryClient client = platform.context.registryClient().keychain(k).build()) {
            Images.push(client, one.hostPort(), "team/del", "solo", "del-solo");
            Images.push(client, one.hostPort(), "team/del", "shared-a", "del-shared");
            Images.push(client, one.hostPort(), "team/del", "shared-b", "del-shared");
        }
        platform.service.deleteTag(ORG, c.id(), "team/del", "solo");
        assertThat(platform.service.allTags(ORG, c.id(), "team/del", 100)).extracting(TagInfo::name)
                .containsExactlyInAnyOrder("shared-a", "shared-b");
        assertThatThrownBy(() -> platform.service.deleteTag(ORG, c.id(), "team/del", "shared-a"))
                .isInstanceOfSatisfying(AccessException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.UNSUPPORTED);
                    assertThat(e.getMessage()).contains("shared-b");
                });
    }

    @Test
    void credentialsGoOnlyToTheExactHost() throws Exception {
        Connector local = add("exact", one.hostPort(), "svc-password-1");
        Connector named = platform.service.add(ORG, NewConnector.of("generic", "named host",
                values("registry.example.com", "svc-password-1")).unverified()).connector();
        Connector ghcr = platform.service.add(ORG, NewConnector.of("generic", "ghcr-like",
                values("ghcr.io", "svc-password-1")).unverified()).connector();
        assertThat(named.registryHost()).isEqualTo("registry.example.com");
        String port = String.valueOf(one.port());
        try (ConnectorKeychain k = platform.service.keychain(ORG)) {
            assertThat(k.resolve(one.hostPort())).isInstanceOf(Credential.Basic.class);
            assertThat(k.resolve("REGISTRY.example.com")).isInstanceOf(Credential.Basic.class);
            assertThat(k.resolve("ghcr.io")).isInstanceOf(Credential.Basic.class);
            for (String near : new String[] {"127.0.0.1:" + port + "0", "127.0.0.1", "localhost:" + port,
                    "127.0.0.1:" + port + ".evil.net", "registry.example.com.evil.net", "evil-registry.example.com",
                    "example.com", "registry.example.com:443", "ghrc.io", "ghcr.io.evil.net", "x.ghcr.io"}) {
                assertThat(k.resolve(near)).as(near).isEqualTo(Credential.ANONYMOUS);
            }
        }
        try (ConnectorKeychain k = platform.service.keychain(ORG, named.id())) {
            assertThat(k.resolve(one.hostPort())).isEqualTo(Credential.ANONYMOUS);
            assertThat(k.resolve("registry.example.com")).isInstanceOf(Credential.Basic.class);
        }
        assertThatThrownBy(() -> platform.service.requireFor(ORG, ghcr.id(), "ghrc.io"))
                .isInstanceOfSatisfying(ConnectorCheckException.class,
                        e -> assertThat(e.failure()).isEqualTo(Failure.INVALID));
        assertThat(platform.service.requireFor(ORG, local.id(), one.hostPort()).id()).isEqualTo(local.id());
    }
}
