package io.whittle.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.connector.github.GitHubProvider;
import io.whittle.oci.AccessException;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.platform.connector.Access;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.secret.SecretValue;
import io.whittle.testkit.emulator.GitHubEmulator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GitHubProviderTest {
    static TestPlatform platform;
    static GitHubEmulator github;
    static Digest v1;
    static final Instant EXPIRES = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start(new GitHubProvider());
        github = GitHubEmulator.start().user("octo").user("other").organization("acme", "octo");
        v1 = Seed.push(github.backend(), "octo/app", "v1", "gh-app");
        Seed.push(github.backend(), "octo/tools", "v1", "gh-tools");
        Seed.push(github.backend(), "octo/site", "v1", "gh-site");
        Seed.push(github.backend(), "acme/service", "v1", "gh-acme");
        Seed.push(github.backend(), "other/private", "v1", "gh-other");
    }

    @AfterAll
    static void stop() throws Exception {
        github.close();
        platform.close();
    }

    static FieldValues values(String token, Map<String, String> extra) {
        var settings = new java.util.HashMap<>(Map.of("username", "octo", "registry", github.registryHostPort(),
                "apiUrl", github.apiUrl()));
        settings.putAll(extra);
        return FieldValues.of(settings, Map.of("token", SecretValue.of(token)));
    }

    private static String token(String... scopes) {
        return github.classicToken("octo", Set.of(scopes), Optional.of(EXPIRES));
    }

    @Test
    void fullFlowWithExpiryAndPagination() throws Exception {
        Connector c = Flow.add(platform, "ghcr", "gh full", values(token("write:packages", "delete:packages"),
                Map.of()), Access.READ_WRITE);
        assertThat(c.state().expiresAt()).contains(EXPIRES);
        Flow.run(platform, c, "octo/app", "v1", v1, "gh-pushed");

        RepositoryPage first = platform.service.repositories(TestPlatform.ORG, c.id(), Optional.empty(), 2);
        assertThat(first.items()).hasSize(2);
        assertThat(first.next()).isPresent();
        RepositoryPage second = platform.service.repositories(TestPlatform.ORG, c.id(), first.next(), 2);
        assertThat(second.items()).isNotEmpty().doesNotContainAnyElementsOf(first.items());
        assertThat(platform.service.allRepositories(TestPlatform.ORG, c.id(), 100)).extracting(RepositoryInfo::name)
                .containsExactlyInAnyOrder("octo/app", "octo/tools", "octo/site");
    }

    @Test
    void organizationPackages() throws Exception {
        Connector c = Flow.add(platform, "ghcr", "gh acme", values(token("write:packages", "delete:packages"),
                Map.of("organization", "acme")), Access.READ_WRITE);
        assertThat(platform.service.allRepositories(TestPlatform.ORG, c.id(), 100)).extracting(RepositoryInfo::name)
                .containsExactly("acme/service");
    }

    @Test
    void wrongTokenIsNamed() {
        assertThatThrownBy(() -> platform.service.check("ghcr", values("ghp_not_a_real_token_000000000000000000",
                Map.of()))).isInstanceOfSatisfying(ConnectorCheckException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.UNAUTHORIZED);
                    assertThat(e.field()).contains("token");
                });
    }

    @Test
    void tokenWithoutReadPackagesSaysSo() {
        assertThatThrownBy(() -> platform.service.check("ghcr", values(token("repo"), Map.of())))
                .isInstanceOfSatisfying(ConnectorCheckException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.DENIED);
                    assertThat(e.field()).contains("token");
                    assertThat(e.getMessage()).contains("the token lacks read:packages".substring(4));
                });
    }

    @Test
    void readOnlyTokenCannotPush() throws Exception {
        Connector c = Flow.add(platform, "ghcr", "gh read", values(token("read:packages"), Map.of()),
                Access.READ_ONLY);
        Flow.readsButCannotPush(platform, c, "octo/app", "v1", v1, "gh-nope");
        assertThatThrownBy(() -> platform.service.deleteTag(TestPlatform.ORG, c.id(), "octo/app", "v1"))
                .isInstanceOfSatisfying(AccessException.class,
                        e -> assertThat(e.getMessage()).contains("delete:packages"));
    }

    @Test
    void anotherUsersPackagesAreNotListed() throws Exception {
        Connector c = Flow.add(platform, "ghcr", "gh other", values(token("read:packages"), Map.of()),
                Access.READ_ONLY);
        assertThat(platform.service.allRepositories(TestPlatform.ORG, c.id(), 100)).extracting(RepositoryInfo::name)
                .doesNotContain("other/private");
        assertThatThrownBy(() -> platform.service.allTags(TestPlatform.ORG, c.id(), "other/private", 10))
                .isInstanceOf(AccessException.class);
    }
}
