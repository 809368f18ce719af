package io.whittle.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.connector.generic.GenericProvider;
import io.whittle.oci.AccessException;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.platform.connector.Access;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorId;
import io.whittle.platform.connector.Verification;
import io.whittle.platform.secret.SecretValue;
import io.whittle.registry.RegistryClient;
import io.whittle.testkit.RegistryServer;
import io.whittle.testkit.TokenIssuer;
import io.whittle.testkit.TokenIssuer.Grant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generic provider against the real registry in BASIC and TOKEN modes. */
class GenericProviderTest {
    static TestPlatform platform;
    static RegistryServer basic;
    static RegistryServer token;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start(new GenericProvider());
        basic = RegistryServer.builder().basic("alice", "alice-secret-1").start();
        token = RegistryServer.builder().token(TokenIssuer.Config.defaults()
                .withUser("writer", "writer-secret-1", Grant.repository("*", "pull", "push", "delete"), Grant.catalog())
                .withUser("reader", "reader-secret-1", Grant.repository("*", "pull"), Grant.catalog())).start();
        Images.image("seed").push(basic.url(), "team/app", "v1", basic.credentials());
        var writer = token.tokenIssuer().orElseThrow().config().users().getFirst().credentials();
        Images.image("seed").push(token.url(), "team/app", "v1", Optional.of(writer));
    }

    @AfterAll
    static void stop() throws Exception {
        basic.close();
        token.close();
        platform.close();
    }

    private static FieldValues values(RegistryServer r, String user, String password) {
        return FieldValues.of(Map.of("registry", r.hostPort(), "username", user),
                Map.of("password", SecretValue.of(password)));
    }

    @Test
    void basicRegistryFullFlow() throws Exception {
        flow(basic, "alice", "alice-secret-1");
    }

    @Test
    void tokenRegistryFullFlow() throws Exception {
        flow(token, "writer", "writer-secret-1");
    }

    private void flow(RegistryServer r, String user, String password) throws Exception {
        ConnectorOutcome added = platform.service.add(TestPlatform.ORG,
                NewConnector.of("generic", "generic " + r.mode() + " " + user, values(r, user, password)));
        Connector c = added.connector();
        assertThat(c.registryHost()).isEqualTo(r.hostPort());
        assertThat(c.state().status().verification()).isEqualTo(Verification.VERIFIED);
        assertThat(c.state().access()).isEqualTo(Access.READ_WRITE);
        assertThat(c.secretFields()).containsExactly("password");
        ConnectorId id = c.id();

        assertThat(platform.service.allRepositories(TestPlatform.ORG, id, 100)).extracting(RepositoryInfo::name)
                .contains("team/app");
        List<TagInfo> tags = platform.service.allTags(TestPlatform.ORG, id, "team/app", 100);
        assertThat(tags).extracting(TagInfo::name).contains("v1");
        Digest v1 = tags.stream().filter(t -> t.name().equals("v1")).findFirst().orElseThrow().digest().orElseThrow();

        try (ConnectorKeychain keychain = platform.service.keychain(TestPlatform.ORG);
             RegistryClient client = platform.context.registryClient().keychain(keychain).build()) {
            assertThat(client.repository(r.hostPort(), "team/app").manifest("v1").digest()).isEqualTo(v1);
            Digest pushed = Images.push(client, r.hostPort(), "team/app", "pushed", "pushed-" + user);
            assertThat(client.repository(r.hostPort(), "team/app").headManifest("pushed")).get()
                    .extracting(d -> d.digest()).isEqualTo(pushed);
        }
        assertThat(platform.service.test(TestPlatform.ORG, id).verified()).isTrue();
    }

    @Test
    void wrongPasswordIsRefusedAndNothingIsSaved() {
        int before = platform.service.list(TestPlatform.ORG).size();
        assertThatThrownBy(() -> platform.service.add(TestPlatform.ORG,
                NewConnector.of("generic", "wrong", values(basic, "alice", "not-the-password"))))
                .isInstanceOfSatisfying(ConnectorCheckException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.UNAUTHORIZED);
                    assertThat(e.field()).contains("password");
                    assertThat(e.getMessage()).doesNotContain("not-the-password");
                });
        assertThat(platform.service.list(TestPlatform.ORG)).hasSize(before);
    }

    @Test
    void readOnlyCredentialIsFoundAndItsPushIsDenied() throws Exception {
        ConnectorOutcome added = platform.service.add(TestPlatform.ORG,
                NewConnector.of("generic", "reader", values(token, "reader", "reader-secret-1")));
        assertThat(added.connector().state().access()).isEqualTo(Access.READ_ONLY);
        try (ConnectorKeychain keychain = platform.service.keychain(TestPlatform.ORG, added.connector().id());
             RegistryClient client = platform.context.registryClient().keychain(keychain).build()) {
            assertThatThrownBy(() -> Images.push(client, token.hostPort(), "team/app", "nope", "nope"))
                    .isInstanceOfSatisfying(AccessException.class,
                            e -> assertThat(e.failure()).isEqualTo(Failure.DENIED));
        }
    }

    @Test
    void plainHttpToANonLoopbackHostNeedsTheSwitch() {
        assertThatThrownBy(() -> platform.service.check("generic", FieldValues.of(
                Map.of("registry", "http://registry.example.com"), Map.of())))
                .isInstanceOfSatisfying(InvalidFieldsException.class,
                        e -> assertThat(e.problems()).extracting(p -> p.field().orElseThrow())
                                .contains("allowPlainHttp"));
    }
}
