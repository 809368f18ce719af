package io.whittle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Failures of the peer tools surface as exceptions with stderr, and never with a password in them. */
class PeerToolTest {

    @RegisterExtension
    static final RegistryExtension BASIC = RegistryExtension.basic("alice", "secret");

    @TempDir
    Path temp;

    @Test
    void aFailingSkopeoRaisesItsStderrWithThePasswordRedacted() {
        Credentials wrong = Credentials.of("alice", "canary-password-42");
        assertThatThrownBy(() -> Skopeo.create().inspectRaw(Skopeo.docker(BASIC.hostPort(), "no/such", "v1"),
                Optional.of(wrong)))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("exited with")
                .hasMessageNotContaining("canary-password-42")
                .satisfies(e -> {
                    ToolResult r = ((ToolException) e).result();
                    assertThat(r.exitCode()).isNotZero();
                    assertThat(r.stderr()).isNotBlank().doesNotContain("canary-password-42");
                    assertThat(String.join(" ", r.command())).contains("alice:****")
                            .doesNotContain("canary-password-42");
                });
    }

    @Test
    void aFailingUmociRaisesItsStderr() {
        assertThatThrownBy(() -> Umoci.create().stat(temp.resolve("missing"), "v1"))
                .isInstanceOf(ToolException.class)
                .satisfies(e -> assertThat(((ToolException) e).stderr()).isNotBlank());
    }

    @Test
    void aToolThatHangsIsKilledAtTheTimeout() {
        // skopeo reading from a port nobody answers on would hang; a tiny timeout must stop it.
        long start = System.nanoTime();
        assertThatThrownBy(() -> Skopeo.create().withTimeout(Duration.ofMillis(1))
                .run(List.of("inspect", "--raw", "--tls-verify=false", "docker://127.0.0.1:9/x:y")))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("did not finish");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }
}
