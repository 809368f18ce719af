package io.whittle.cli.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.cli.Shell;
import io.whittle.testkit.emulator.DockerHubEmulator;
import io.whittle.testkit.emulator.DockerHubEmulator.Scope;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Docker Hub's remaining pulls, read when the connector is checked, are kept and shown with the connector. */
class DockerHubRateLimitShowTest {
    static DockerHubEmulator hub;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws Exception {
        hub = DockerHubEmulator.start().account("dev", "dev-password-1");
        Seeds.push(hub.backend(), "dev/app", "v1", "cli-hub-limit");
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void showPrintsThePullsLeft() {
        Flow flow = new Flow(new Shell(temp));
        String id = flow.add(hub.personalAccessToken("dev", Scope.WRITE) + "\n", "dockerhub", "--name", "hub limit",
                "--set", "username=dev", "--set", "registry=" + hub.registryHostPort(), "--set",
                "hubUrl=" + hub.hubUrl(), "--secret-stdin", "token");

        JsonNode added = flow.run.whittle("connector", "show", id, "-o", "json").json();
        JsonNode limit = added.path("rateLimit");
        assertThat(limit.path("limit").asInt()).isPositive();
        assertThat(limit.path("remaining").asInt()).isBetween(0, limit.path("limit").asInt());
        assertThat(limit.path("windowSeconds").asLong()).isPositive();
        Instant first = Instant.parse(limit.path("checkedAt").asText());

        Shell.Result text = flow.run.whittle("connector", "show", id);
        assertThat(text.stdout().lines().filter(l -> l.strip().startsWith("pulls"))).singleElement()
                .satisfies(l -> assertThat(l).contains(limit.path("remaining").asInt() + " of "
                        + limit.path("limit").asInt() + " pulls left per ").contains("(read "));

        JsonNode tested = flow.run.whittle("connector", "test", id, "-o", "json").json();
        assertThat(tested.path("check").path("rateLimit").path("checkedAt").asText())
                .isEqualTo(tested.path("connector").path("rateLimit").path("checkedAt").asText());
        assertThat(Instant.parse(tested.path("connector").path("rateLimit").path("checkedAt").asText()))
                .isAfter(first);

        // The built-in anonymous connector stores nothing, and a connector never checked has no limit.
        assertThat(flow.run.whittle("connector", "show", "dockerhub.public", "-o", "json").json()
                .path("rateLimit").isNull()).isTrue();
    }
}
