package io.whittle.testkit.emulator;

import static io.whittle.testkit.emulator.Fixtures.get;
import static io.whittle.testkit.emulator.Fixtures.image;
import static io.whittle.testkit.emulator.Fixtures.scopes;
import static io.whittle.testkit.emulator.Fixtures.send;
import static io.whittle.testkit.emulator.Fixtures.skopeoPush;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.ToolException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GitLabEmulatorTest {
    static GitLabEmulator gl;
    static String full;
    static String readOnly;
    static long projectId;

    @BeforeAll
    static void start() {
        gl = GitLabEmulator.start().user("dev").user("guest");
        projectId = gl.project("group/app");
        gl.project("group/lib");
        gl.project("group/third");
        gl.project("other/secret");
        gl.member("group/app", "dev", GitLabEmulator.Role.MAINTAINER).member("group/lib", "dev",
                GitLabEmulator.Role.DEVELOPER).member("group/third", "dev", GitLabEmulator.Role.REPORTER)
                .member("group/app", "guest", GitLabEmulator.Role.REPORTER);
        full = gl.personalAccessToken("dev", Set.of("read_registry", "write_registry", "api"), Optional.empty());
        readOnly = gl.personalAccessToken("dev", Set.of("read_registry", "read_api"), Optional.empty());
        Credentials dev = Credentials.of("dev", full);
        for (String repo : List.of("group/app", "group/app/worker", "group/app/cli")) {
            image("gl " + repo).push(gl.registryUrl(), repo, "v1", Optional.of(dev));
        }
    }

    @AfterAll
    static void stop() {
        gl.close();
    }

    @Test
    void patScopesAndRolesDecideRegistryAccess() {
        assertThatThrownBy(() -> skopeoPush("gl ro", gl.registryHostPort(), "group/app", "ro",
                Credentials.of("dev", readOnly))).isInstanceOf(ToolException.class);
        skopeoPush("gl rw", gl.registryHostPort(), "group/lib", "v1", Credentials.of("dev", full));
        // write_registry is not enough where the user is only a Reporter.
        assertThatThrownBy(() -> skopeoPush("gl rw", gl.registryHostPort(), "group/third", "v1",
                Credentials.of("dev", full))).isInstanceOf(ToolException.class);
        assertThat(get(gl.realm() + "?service=container_registry", "Authorization",
                Credentials.of("dev", "glpat-wrong").basicAuthorization()).status()).isEqualTo(401);
        Credentials deploy = gl.deployToken("group/app", Set.of("read_registry"));
        assertThat(Fixtures.bearer(gl.realm() + "?service=container_registry"
                + scopes("repository:group/app:pull"), deploy)).isNotEmpty();
        assertThat(get(gl.gitlabUrl() + "/api/v4/projects?membership=true", "PRIVATE-TOKEN", deploy.password())
                .status()).isEqualTo(401);
    }

    @Test
    void shortLivedRegistryTokensExpire() throws InterruptedException {
        gl.registryTokenLifetime(Duration.ofSeconds(-120));
        try {
            String token = Fixtures.bearer(gl.realm() + "?service=container_registry"
                    + scopes("repository:group/app:pull"), Credentials.of("dev", full));
            assertThat(get(gl.registryUrl() + "/v2/group/app/tags/list", "Authorization", "Bearer " + token).status())
                    .isEqualTo(401);
        } finally {
            gl.registryTokenLifetime(Duration.ofMinutes(5));
        }
    }

    @Test
    void restListsProjectsRepositoriesAndTagsWithNextPageHeaders() {
        List<String> paths = new ArrayList<>();
        String next = "1";
        int pages = 0;
        while (!next.isEmpty()) {
            Fixtures.Response r = get(gl.gitlabUrl() + "/api/v4/projects?membership=true&per_page=2&page=" + next,
                    "PRIVATE-TOKEN", readOnly);
            assertThat(r.status()).isEqualTo(200);
            r.json().forEach(p -> paths.add(p.get("path_with_namespace").asText()));
            next = r.header("X-Next-Page").orElse("");
            pages++;
        }
        assertThat(pages).isEqualTo(2);
        assertThat(paths).containsExactlyInAnyOrder("group/app", "group/lib", "group/third");

        JsonNode repos = get(gl.gitlabUrl() + "/api/v4/projects/" + projectId + "/registry/repositories",
                "Authorization", "Bearer " + readOnly).json();
        assertThat(repos).hasSize(3);
        JsonNode encodedPath = get(gl.gitlabUrl() + "/api/v4/projects/group%2Fapp/registry/repositories",
                "PRIVATE-TOKEN", readOnly).json();
        assertThat(encodedPath).hasSize(3);
        long rid = -1;
        for (JsonNode r : repos) {
            if (r.get("path").asText().equals("group/app/worker")) {
                rid = r.get("id").asLong();
            }
        }
        String tags = gl.gitlabUrl() + "/api/v4/projects/" + projectId + "/registry/repositories/" + rid + "/tags";
        assertThat(get(tags, "PRIVATE-TOKEN", readOnly).json().get(0).get("name").asText()).isEqualTo("v1");
        assertThat(get(tags + "/v1", "PRIVATE-TOKEN", readOnly).json().get("digest").asText())
                .isEqualTo(image("gl group/app/worker").digest().toString());

        String noApi = gl.personalAccessToken("dev", Set.of("read_registry"), Optional.empty());
        assertThat(get(gl.gitlabUrl() + "/api/v4/projects?membership=true", "PRIVATE-TOKEN", noApi).status())
                .isEqualTo(403);
        assertThat(get(gl.gitlabUrl() + "/api/v4/projects?membership=true", "PRIVATE-TOKEN", "glpat-nope").status())
                .isEqualTo(401);

        assertThat(send("DELETE", tags + "/v1", null, "PRIVATE-TOKEN", readOnly).status()).isEqualTo(403);
        assertThat(send("DELETE", tags + "/v1", null, "PRIVATE-TOKEN", full).status()).isEqualTo(200);
        assertThat(gl.backend().tags("group/app/worker")).isEmpty();
    }
}
