package io.whittle.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.connector.gitlab.GitLabProvider;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.platform.connector.Access;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.secret.SecretValue;
import io.whittle.testkit.emulator.GitLabEmulator;
import io.whittle.testkit.emulator.GitLabEmulator.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GitLabProviderTest {
    static TestPlatform platform;
    static GitLabEmulator gitlab;
    static Digest v1;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start(new GitLabProvider());
        gitlab = GitLabEmulator.start().user("dev").user("guest");
        gitlab.project("group/app");
        gitlab.project("group/tools");
        gitlab.project("group/empty");
        gitlab.member("group/app", "dev", Role.MAINTAINER).member("group/tools", "dev", Role.DEVELOPER)
                .member("group/empty", "dev", Role.DEVELOPER).member("group/app", "guest", Role.REPORTER);
        v1 = Seed.push(gitlab.backend(), "group/app", "v1", "gl-app");
        Seed.push(gitlab.backend(), "group/app/worker", "v1", "gl-worker");
        Seed.push(gitlab.backend(), "group/tools", "v1", "gl-tools");
    }

    @AfterAll
    static void stop() throws Exception {
        gitlab.close();
        platform.close();
    }

    static FieldValues values(String user, String token) {
        return FieldValues.of(Map.of("username", user, "gitlabUrl", gitlab.gitlabUrl(), "registry",
                gitlab.registryHostPort()), Map.of("token", SecretValue.of(token)));
    }

    @Test
    void fullFlowAndPaginationAcrossProjects() throws Exception {
        String pat = gitlab.personalAccessToken("dev", Set.of("read_registry", "write_registry", "api"),
                Optional.empty());
        Connector c = Flow.add(platform, "gitlab", "gitlab full", values("dev", pat), Access.READ_WRITE);
        Flow.run(platform, c, "group/app", "v1", v1, "gl-pushed");
        List<String> seen = new ArrayList<>();
        Optional<String> token = Optional.empty();
        int pages = 0;
        do {
            RepositoryPage p = platform.service.repositories(TestPlatform.ORG, c.id(), token, 1);
            p.items().forEach(r -> seen.add(r.name()));
            token = p.next();
            pages++;
        } while (token.isPresent());
        assertThat(seen).containsExactlyInAnyOrder("group/app", "group/app/worker", "group/tools");
        assertThat(pages).isGreaterThanOrEqualTo(3);
        assertThat(platform.service.allTags(TestPlatform.ORG, c.id(), "group/app", 10)).singleElement()
                .satisfies(t -> assertThat(t.size()).isPresent());
    }

    @Test
    void tokenWithoutReadApiSaysSo() {
        String pat = gitlab.personalAccessToken("dev", Set.of("read_registry", "write_registry"), Optional.empty());
        assertThatThrownBy(() -> platform.service.check("gitlab", values("dev", pat)))
                .isInstanceOfSatisfying(ConnectorCheckException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.DENIED);
                    assertThat(e.field()).contains("token");
                    assertThat(e.getMessage()).contains("lacks read_api");
                });
    }

    @Test
    void reporterCanPullButNotPush() throws Exception {
        String pat = gitlab.personalAccessToken("guest", Set.of("read_registry", "write_registry", "read_api"),
                Optional.empty());
        Connector c = Flow.add(platform, "gitlab", "gitlab guest", values("guest", pat), Access.READ_ONLY);
        Flow.readsButCannotPush(platform, c, "group/app", "v1", v1, "gl-nope");
    }

    @Test
    void wrongTokenIsNamed() {
        assertThatThrownBy(() -> platform.service.check("gitlab", values("dev", "glpat-wrong")))
                .isInstanceOfSatisfying(ConnectorCheckException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.UNAUTHORIZED);
                    assertThat(e.field()).contains("token");
                });
    }
}
