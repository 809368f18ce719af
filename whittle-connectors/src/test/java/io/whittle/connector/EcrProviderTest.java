package io.whittle.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.connector.ecr.EcrProvider;
import io.whittle.oci.AccessException;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.platform.connector.Access;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.secret.SecretValue;
import io.whittle.registry.RegistryClient;
import io.whittle.registry.auth.Credential;
import io.whittle.testkit.emulator.EcrEmulator;
import io.whittle.testkit.emulator.EcrEmulator.AwsKeys;
import io.whittle.testkit.emulator.EcrEmulator.Policy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

class EcrProviderTest {
    static TestPlatform platform;
    static EcrEmulator ecr;
    static Digest v1;
    static String roleArn;
    static String readOnlyRoleArn;
    static String powerUserRoleArn;

    @BeforeAll
    static void start() throws Exception {
        ecr = EcrEmulator.start();
        AwsKeys whittle = ecr.user("whittle-platform", new Policy(java.util.Set.of(), "*"));
        roleArn = ecr.role("whittle-ecr", Optional.of("ext-7f3a9c"), Policy.fullAccess(), "whittle-platform");
        readOnlyRoleArn = ecr.role("whittle-ro", Optional.of("ext-ro"), Policy.readOnly(), "whittle-platform");
        powerUserRoleArn = ecr.role("whittle-push", Optional.of("ext-push"), Policy.powerUser(), "whittle-platform");
        platform = TestPlatform.start(new EcrProvider(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(whittle.accessKeyId(), whittle.secretAccessKey()))));
        ecr.repository("team/app").repository("team/tools").repository("web");
        v1 = Seed.push(ecr.backend(), "team/app", "v1", "ecr-app");
        Seed.push(ecr.backend(), "team/tools", "v1", "ecr-tools");
    }

    @AfterAll
    static void stop() throws Exception {
        ecr.close();
        platform.close();
    }

    static Map<String, String> endpoints() {
        return new HashMap<>(Map.of("region", ecr.region(), "apiUrl", ecr.apiUrl(), "stsUrl", ecr.stsUrl()));
    }

    static FieldValues role(String arn, String externalId) {
        Map<String, String> s = endpoints();
        s.putAll(Map.of("authMethod", "role", "roleArn", arn, "externalId", externalId));
        return FieldValues.of(s, Map.of());
    }

    static FieldValues keys(AwsKeys k) {
        Map<String, String> s = endpoints();
        s.putAll(Map.of("authMethod", "keys", "accessKeyId", k.accessKeyId()));
        return FieldValues.of(s, Map.of("secretAccessKey", SecretValue.of(k.secretAccessKey())));
    }

    @Test
    void roleFullFlowAndPagination() throws Exception {
        Connector c = Flow.add(platform, "ecr", "ecr role", role(roleArn, "ext-7f3a9c"), Access.READ_WRITE);
        assertThat(c.registryHost()).isEqualTo(ecr.registryHostPort());
        assertThat(c.secretFields()).isEmpty();
        Flow.run(platform, c, "team/app", "v1", v1, "ecr-pushed-1");
        RepositoryPage first = platform.service.repositories(TestPlatform.ORG, c.id(), Optional.empty(), 1);
        assertThat(first.items()).hasSize(1);
        // Other tests here create repositories: all of them are listed, the three seeded ones among them.
        assertThat(platform.service.allRepositories(TestPlatform.ORG, c.id(), 100)).extracting(RepositoryInfo::name)
                .containsExactlyInAnyOrderElementsOf(ecr.repositories()).contains("team/app", "team/tools", "web");
    }

    @Test
    void accessKeysFullFlow() throws Exception {
        Connector c = Flow.add(platform, "ecr", "ecr keys", keys(ecr.user("ci", Policy.fullAccess())),
                Access.READ_WRITE);
        Flow.run(platform, c, "team/app", "v1", v1, "ecr-pushed-2");
    }

    @Test
    void externalIdMismatchIsNamed() {
        assertThatThrownBy(() -> platform.service.check("ecr", role(roleArn, "ext-wrong")))
                .isInstanceOfSatisfying(ConnectorCheckException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.DENIED);
                    assertThat(e.field()).contains("externalId");
                    assertThat(e.getMessage()).contains("role cannot be assumed").contains("ExternalId");
                });
    }

    @Test
    void wrongSecretKeyAndMissingPermissionAreNamed() {
        AwsKeys real = ecr.user("typo", Policy.fullAccess());
        AwsKeys wrong = new AwsKeys(real.accessKeyId(), "x" + real.secretAccessKey().substring(1), Optional.empty());
        assertThatThrownBy(() -> platform.service.check("ecr", keys(wrong)))
                .isInstanceOfSatisfying(ConnectorCheckException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.UNAUTHORIZED);
                    assertThat(e.field()).contains("secretAccessKey");
                });
        AwsKeys noToken = ecr.user("lister", new Policy(EcrEmulator.LIST, "*"));
        assertThatThrownBy(() -> platform.service.check("ecr", keys(noToken)))
                .isInstanceOfSatisfying(ConnectorCheckException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.DENIED);
                    assertThat(e.getMessage()).contains("lacks ecr:GetAuthorizationToken");
                });
    }

    @Test
    void aRoleWithoutWhittlesOwnIdentitySaysWhoMustAct() throws Exception {
        EcrProvider noIdentity = new EcrProvider(() -> {
            throw software.amazon.awssdk.core.exception.SdkClientException.create(
                    "Unable to load credentials from any of the providers in the chain");
        });
        try (Connection c = noIdentity.connect(role(roleArn, "ext-7f3a9c"), platform.context)) {
            assertThatThrownBy(c::check).isInstanceOfSatisfying(ConnectorCheckException.class, e -> {
                assertThat(e.failure()).isEqualTo(Failure.UNAUTHORIZED);
                assertThat(e.getMessage()).contains("operator");
            });
        }
    }

    @Test
    void readOnlyRoleCannotPush() throws Exception {
        Connector c = Flow.add(platform, "ecr", "ecr read", role(readOnlyRoleArn, "ext-ro"), Access.READ_ONLY);
        Flow.readsButCannotPush(platform, c, "team/app", "v1", v1, "ecr-nope");
    }

    @Test
    void expiredRegistryPasswordIsRenewedTransparently() throws Exception {
        Connector c = Flow.add(platform, "ecr", "ecr renew", keys(ecr.user("renew", Policy.readOnly())),
                Access.READ_ONLY);
        ecr.authorizationTokenLifetime(Duration.ofSeconds(2));
        try (ConnectorKeychain keychain = platform.service.keychain(TestPlatform.ORG, c.id())) {
            Credential first = keychain.resolve(c.registryHost());
            try (RegistryClient client = platform.context.registryClient().keychain(keychain).build()) {
                assertThat(client.repository(c.registryHost(), "team/app").manifest("v1").digest()).isEqualTo(v1);
            }
            Thread.sleep(3000);
            try (RegistryClient stale = platform.context.registryClient()
                    .keychain(h -> h.equals(c.registryHost()) ? first : Credential.ANONYMOUS).build()) {
                assertThatThrownBy(() -> stale.repository(c.registryHost(), "team/app").manifest("v1"))
                        .isInstanceOf(AccessException.class);
            }
            try (RegistryClient client = platform.context.registryClient().keychain(keychain).build()) {
                assertThat(client.repository(c.registryHost(), "team/app").manifest("v1").digest()).isEqualTo(v1);
            }
            assertThat(keychain.resolve(c.registryHost())).isNotEqualTo(first);
        } finally {
            ecr.authorizationTokenLifetime(Duration.ofHours(12));
        }
    }

    @Test
    void oneClientOutlivesTheRegistryPassword() throws Exception {
        Connector c = Flow.add(platform, "ecr", "ecr long", keys(ecr.user("long", Policy.readOnly())),
                Access.READ_ONLY);
        ecr.authorizationTokenLifetime(Duration.ofSeconds(2));
        try (ConnectorKeychain keychain = platform.service.keychain(TestPlatform.ORG, c.id());
             RegistryClient client = platform.context.registryClient().keychain(keychain).build()) {
            assertThat(client.repository(c.registryHost(), "team/app").manifest("v1").digest()).isEqualTo(v1);
            Thread.sleep(2500);
            // ECR answers the stale password with 403 "authorization token has expired"; the client asks again.
            assertThat(client.repository(c.registryHost(), "team/app").manifest("v1").digest()).isEqualTo(v1);
        } finally {
            ecr.authorizationTokenLifetime(Duration.ofHours(12));
        }
    }

    @Test
    void aPushToAMissingRepositoryCreatesItFirst() throws Exception {
        Connector c = Flow.add(platform, "ecr", "ecr create", role(roleArn, "ext-7f3a9c"), Access.READ_WRITE);
        try (ConnectorKeychain keychain = platform.service.keychain(TestPlatform.ORG, c.id());
             RegistryClient client = platform.context.registryClient().keychain(keychain).build()) {
            // ECR refuses a push to a repository nobody created.
            assertThatThrownBy(() -> Images.push(client, c.registryHost(), "brand/new", "v1", "ecr-new-0"))
                    .isInstanceOfSatisfying(AccessException.class,
                            e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND));
            assertThat(ecr.repositories()).doesNotContain("brand/new");

            platform.service.prepareRepository(TestPlatform.ORG, c.id(), "brand/new");
            assertThat(ecr.repositories()).contains("brand/new");
            Digest pushed = Images.push(client, c.registryHost(), "brand/new", "v1", "ecr-new-1");
            assertThat(client.repository(c.registryHost(), "brand/new").manifest("v1").digest()).isEqualTo(pushed);
        }
        // Once there, it is left as it is.
        platform.service.prepareRepository(TestPlatform.ORG, c.id(), "brand/new");
        assertThat(platform.service.allTags(TestPlatform.ORG, c.id(), "brand/new", 10)).extracting(TagInfo::name)
                .containsExactly("v1");
    }

    @Test
    void withoutCreateRepositoryAMissingRepositoryIsOneSentence() throws Exception {
        Connector c = Flow.add(platform, "ecr", "ecr power", role(powerUserRoleArn, "ext-push"), Access.READ_WRITE);
        platform.service.prepareRepository(TestPlatform.ORG, c.id(), "team/app");
        assertThatThrownBy(() -> platform.service.prepareRepository(TestPlatform.ORG, c.id(), "team/missing"))
                .isInstanceOfSatisfying(ConnectorCheckException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.DENIED);
                    assertThat(e.field()).contains("roleArn");
                    assertThat(e.getMessage()).isEqualTo("ECR has no repository team/missing and the role lacks"
                            + " ecr:CreateRepository to create it: create the repository in ECR first, or grant the"
                            + " role ecr:CreateRepository.");
                });
        assertThat(ecr.repositories()).doesNotContain("team/missing");
    }
}
