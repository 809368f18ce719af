package io.whittle.cli.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.cli.ExitCode;
import io.whittle.cli.Shell;
import io.whittle.oci.Digest;
import io.whittle.testkit.emulator.GitLabEmulator;
import io.whittle.testkit.emulator.GitLabEmulator.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A self-managed GitLab whose registry ({@code localhost:PORT}) sends clients to a token service on another host (the
 * GitLab instance, {@code 127.0.0.1}). Credentials go to a token service only on the registry's own host, unless
 * trusted: the connector trusts its GitLab instance for its registry, so inspect and push work through it, while the
 * same credentials from Docker's config are withheld from that realm.
 */
class GitLabConnectorTest {
    static GitLabEmulator gitlab;
    static Digest v1;
    static String registry;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws Exception {
        gitlab = GitLabEmulator.start().user("dev");
        gitlab.project("group/app");
        gitlab.member("group/app", "dev", Role.MAINTAINER);
        v1 = Seeds.push(gitlab.backend(), "group/app", "v1", "cli-gl-app");
        registry = "localhost:" + gitlab.registryEndpoint().port();
    }

    @AfterAll
    static void stop() {
        gitlab.close();
    }

    @Test
    void theConnectorTrustsItsGitLabAsTheRegistrysTokenService() throws Exception {
        String pat = gitlab.personalAccessToken("dev", Set.of("read_registry", "write_registry", "api"),
                Optional.empty());
        Flow flow = new Flow(new Shell(temp.resolve("a")));
        String id = flow.add(pat + "\n", "gitlab", "--name", "self-managed", "--set", "gitlabUrl=" + gitlab.gitlabUrl(),
                "--set", "registry=" + registry, "--set", "username=dev", "--secret-stdin", "token");
        flow.listShowTest(id, registry, "read-write", "token");
        flow.images(id, "group/app", "v1", v1);
        flow.inspect(id, registry + "/group/app:v1", v1);
        flow.push(id, registry + "/group/app:pushed", "cli-gl-pushed");
        // Found by its exact registry host, without --connector.
        Shell.Result implicit = flow.run.whittle("digest", registry + "/group/app:v1");
        assertThat(implicit.exitCode()).as(implicit.toString()).isZero();
        assertThat(implicit.stdout().strip()).isEqualTo(v1.toString());

        // The same user and token in Docker's config: that keychain does not trust the realm on another host.
        Shell docker = new Shell(temp.resolve("b"));
        Path config = temp.resolve("b").resolve("docker-config").resolve("config.json");
        String auth = Base64.getEncoder().encodeToString(("dev:" + pat).getBytes(StandardCharsets.UTF_8));
        Files.writeString(config, "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}}");
        Shell.Result withheld = docker.whittle("digest", registry + "/group/app:v1");
        assertThat(withheld.exitCode()).as(withheld.toString()).isEqualTo(ExitCode.AUTH);
        assertThat(withheld.stderr()).contains("did not send the credentials");
    }
}
