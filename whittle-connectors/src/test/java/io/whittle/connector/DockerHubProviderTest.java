package io.whittle.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.connector.dockerhub.DockerHubProvider;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.platform.connector.Access;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.RateLimit;
import io.whittle.platform.secret.SecretValue;
import io.whittle.registry.auth.Credential;
import io.whittle.testkit.emulator.DockerHubEmulator;
import io.whittle.testkit.emulator.DockerHubEmulator.Scope;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DockerHubProviderTest {
    static TestPlatform platform;
    static DockerHubEmulator hub;
    static Digest v1;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start(new DockerHubProvider());
        hub = DockerHubEmulator.start().account("dev", "dev-password-1").account("ops", "ops-password-1")
                .member("acme", "dev", Scope.WRITE);
        v1 = Seed.push(hub.backend(), "dev/app", "v1", "hub-app");
        Seed.push(hub.backend(), "dev/tools", "v1", "hub-tools");
        Seed.push(hub.backend(), "dev/site", "v1", "hub-site");
        Seed.push(hub.backend(), "acme/service", "v1", "hub-acme");
        hub.visibility("dev/app", true).visibility("acme/service", true);
    }

    @AfterAll
    static void stop() throws Exception {
        hub.close();
        platform.close();
    }

    static FieldValues values(String user, String token, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("username", user, "registry", hub.registryHostPort(),
                "hubUrl", hub.hubUrl()));
        settings.putAll(extra);
        return FieldValues.of(settings, Map.of("token", SecretValue.of(token)));
    }

    @Test
    void fullFlowWithRateLimitAndPagination() throws Exception {
        ConnectorOutcome o = platform.service.add(TestPlatform.ORG, NewConnector.of("dockerhub", "hub full",
                values("dev", hub.personalAccessToken("dev", Scope.ADMIN), Map.of())));
        Connector c = o.connector();
        assertThat(c.state().access()).isEqualTo(Access.READ_WRITE);
        assertThat(o.result().orElseThrow().rateLimit()).get()
                .satisfies(l -> assertThat(l.limit()).isEqualTo(100));
        // Saved with the connector, and read again by each test (Flow.run ends with one).
        RateLimit saved = platform.service.show(TestPlatform.ORG, c.id()).state().rateLimit().orElseThrow();
        assertThat(saved).isEqualTo(o.result().orElseThrow().rateLimit().orElseThrow());
        Flow.run(platform, c, "dev/app", "v1", v1, "hub-pushed");
        RateLimit tested = platform.service.show(TestPlatform.ORG, c.id()).state().rateLimit().orElseThrow();
        assertThat(tested.limit()).isEqualTo(100);
        assertThat(tested.checkedAt()).isAfter(saved.checkedAt());

        RepositoryPage first = platform.service.repositories(TestPlatform.ORG, c.id(), Optional.empty(), 2);
        assertThat(first.items()).hasSize(2);
        RepositoryPage second = platform.service.repositories(TestPlatform.ORG, c.id(), first.next(), 2);
        assertThat(second.items()).hasSize(1);
        assertThat(second.next()).isEmpty();
        assertThat(platform.service.allTags(TestPlatform.ORG, c.id(), "dev/app", 10)).singleElement()
                .satisfies(t -> {
                    assertThat(t.platforms()).isNotEmpty();
                    assertThat(t.size()).isPresent();
                    assertThat(t.updatedAt()).isPresent();
                });
    }

    @Test
    void organizationRepositoriesNeedTheOrganizationField() throws Exception {
        String pat = hub.personalAccessToken("dev", Scope.WRITE);
        Connector own = Flow.add(platform, "dockerhub", "hub own", values("dev", pat, Map.of()), Access.READ_WRITE);
        assertThat(platform.service.allRepositories(TestPlatform.ORG, own.id(), 100)).extracting(RepositoryInfo::name)
                .doesNotContain("acme/service");
        Connector org = Flow.add(platform, "dockerhub", "hub acme", values("dev", pat,
                Map.of("organization", "acme")), Access.READ_WRITE);
        assertThat(platform.service.allRepositories(TestPlatform.ORG, org.id(), 100)).extracting(RepositoryInfo::name)
                .containsExactly("acme/service");
    }

    @Test
    void hubTokenThatExpiresIsRenewedTransparently() throws Exception {
        Connector c = Flow.add(platform, "dockerhub", "hub renew", values("dev",
                hub.personalAccessToken("dev", Scope.READ), Map.of()), Access.READ_ONLY);
        hub.hubTokenLifetime(Duration.ofMillis(300));
        try (Connection conn = platform.service.open(TestPlatform.ORG, c.id())) {
            hub.clearRequests();
            assertThat(conn.tags("dev/app", Optional.empty(), 10).items()).isNotEmpty();
            Thread.sleep(600);
            assertThat(conn.tags("dev/app", Optional.empty(), 10).items()).isNotEmpty();
        } finally {
            hub.hubTokenLifetime(Duration.ofMinutes(10));
        }
        assertThat(hub.requests("hub")).filteredOn(r -> r.path().startsWith("/v2/auth/token")).hasSize(2);
        assertThat(hub.requests("hub")).filteredOn(r -> r.status() == 401).hasSize(1);
    }

    @Test
    void wrongTokenIsNamed() {
        assertThatThrownBy(() -> platform.service.check("dockerhub", values("dev", "dckr_pat_wrong", Map.of())))
                .isInstanceOfSatisfying(ConnectorCheckException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.UNAUTHORIZED);
                    assertThat(e.field()).contains("token");
                });
    }

    @Test
    void readOnlyTokenCannotPushNorDelete() throws Exception {
        Connector c = Flow.add(platform, "dockerhub", "hub read", values("dev",
                hub.personalAccessToken("dev", Scope.READ), Map.of()), Access.READ_ONLY);
        Flow.cannotPush(platform, c, "dev/app", "hub-nope");
        assertThatThrownBy(() -> platform.service.deleteTag(TestPlatform.ORG, c.id(), "dev/app", "v1"))
                .isInstanceOfSatisfying(ConnectorCheckException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.DENIED);
                    assertThat(e.getMessage()).contains("Read, Write, Delete");
                });
    }

    @Test
    void organizationTokenNeedsTheOrganization() {
        String oat = hub.organizationAccessToken("acme", true, Map.of("acme/*", java.util.Set.of("pull")));
        assertThatThrownBy(() -> platform.service.check("dockerhub", values("dev", oat, Map.of())))
                .isInstanceOfSatisfying(InvalidFieldsException.class,
                        e -> assertThat(e.field()).contains("organization"));
    }

    @Test
    void withoutCredentialsItIsAnonymous() throws Exception {
        try (Connection c = new DockerHubProvider().connect(FieldValues.empty(), platform.context)) {
            assertThat(c.registryHost()).isEqualTo("docker.io");
            assertThat(c.credential().credential()).isEqualTo(Credential.ANONYMOUS);
        }
    }
}
