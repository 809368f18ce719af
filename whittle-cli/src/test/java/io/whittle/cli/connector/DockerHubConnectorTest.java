package io.whittle.cli.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.cli.Shell;
import io.whittle.oci.Digest;
import io.whittle.testkit.emulator.DockerHubEmulator;
import io.whittle.testkit.emulator.DockerHubEmulator.Scope;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker Hub from the command line, against the Hub emulator (Hub API listing, rate limit, token realm). */
class DockerHubConnectorTest {
    static DockerHubEmulator hub;
    static Digest v1;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws Exception {
        hub = DockerHubEmulator.start().account("dev", "dev-password-1");
        v1 = Seeds.push(hub.backend(), "dev/app", "v1", "cli-hub-app");
        hub.visibility("dev/app", true);
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    private String[] add(String name) {
        return new String[] {"dockerhub", "--name", name, "--set", "username=dev",
                "--set", "registry=" + hub.registryHostPort(), "--set", "hubUrl=" + hub.hubUrl(),
                "--secret-stdin", "token"};
    }

    @Test
    void accessTokens() {
        Flow flow = new Flow(new Shell(temp));
        String host = hub.registryHostPort();
        String id = flow.add(hub.personalAccessToken("dev", Scope.WRITE) + "\n", add("hub write"));
        flow.listShowTest(id, host, "read-write", "token");
        Shell.Result added = flow.run.whittle("connector", "test", id, "-o", "json");
        assertThat(added.json().path("check").path("rateLimit").path("limit").asInt()).isPositive();
        flow.images(id, "dev/app", "v1", v1);
        flow.inspect(id, host + "/dev/app:v1", v1);
        flow.push(id, host + "/dev/app:pushed", "cli-hub-pushed");

        String reader = flow.add(hub.personalAccessToken("dev", Scope.READ) + "\n", add("hub read"));
        flow.pushRefused(reader, host + "/dev/app:nope", "cli-hub-nope", "do not allow this");
        flow.remove(reader);
        flow.remove(id);
    }
}
