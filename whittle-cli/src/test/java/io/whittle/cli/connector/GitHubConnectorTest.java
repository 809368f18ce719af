package io.whittle.cli.connector;

import io.whittle.cli.Shell;
import io.whittle.oci.Digest;
import io.whittle.testkit.emulator.GitHubEmulator;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GHCR from the command line, against the GitHub emulator (Packages REST API and token realm). */
class GitHubConnectorTest {
    static GitHubEmulator github;
    static Digest v1;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws Exception {
        github = GitHubEmulator.start().user("octo");
        v1 = Seeds.push(github.backend(), "octo/app", "v1", "cli-gh-app");
    }

    @AfterAll
    static void stop() {
        github.close();
    }

    private String[] settings(String name) {
        return new String[] {"ghcr", "--name", name, "--set", "username=octo",
                "--set", "registry=" + github.registryHostPort(), "--set", "apiUrl=" + github.apiUrl(),
                "--secret-stdin", "token"};
    }

    @Test
    void connectListInspectPushAndRemove() {
        Flow flow = new Flow(new Shell(temp));
        String host = github.registryHostPort();
        flow.refused("ghp_" + "0".repeat(36) + "\n", host + " did not accept the personal access token: check that"
                + " it is correct and has not expired or been revoked.", settings("gh wrong"));

        String pat = github.classicToken("octo", Set.of("write:packages", "delete:packages"), Optional.empty());
        String id = flow.add(pat + "\n", settings("gh work"));
        flow.listShowTest(id, host, "read-write", "token");
        flow.images(id, "octo/app", "v1", v1);
        flow.inspect(id, host + "/octo/app:v1", v1);
        flow.push(id, host + "/octo/app:pushed", "cli-gh-pushed");

        String readOnly = flow.add(github.classicToken("octo", Set.of("read:packages"), Optional.empty()),
                settings("gh read"));
        flow.inspect(readOnly, host + "/octo/app:v1", v1);
        flow.pushRefused(readOnly, host + "/octo/app:nope", "cli-gh-nope", "do not allow this");
        flow.remove(readOnly);
        flow.remove(id);
    }
}
