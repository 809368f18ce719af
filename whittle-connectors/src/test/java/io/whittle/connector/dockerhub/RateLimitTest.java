package io.whittle.connector.dockerhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    @Test
    void readsDockerHubsHeaders() {
        Instant at = Instant.parse("2026-03-01T12:00:00Z");
        assertThat(DockerHubConnection.parse(Optional.of("100;w=21600"), Optional.of("76;w=21600"), at)).get()
                .satisfies(l -> {
                    assertThat(l.limit()).isEqualTo(100);
                    assertThat(l.remaining()).isEqualTo(76);
                    assertThat(l.window()).isEqualTo(Duration.ofHours(6));
                    assertThat(l.checkedAt()).isEqualTo(at);
                });
        assertThat(DockerHubConnection.parse(Optional.of("100"), Optional.of("99"), at)).get()
                .satisfies(l -> assertThat(l.window()).isEqualTo(Duration.ofHours(6)));
        assertThat(DockerHubConnection.parse(Optional.empty(), Optional.of("1"), at)).isEmpty();
        assertThat(DockerHubConnection.parse(Optional.of("x"), Optional.of("y"), at)).isEmpty();
        assertThat(DockerHubConnection.parse(Optional.of("100;w=0"), Optional.of("1"), at)).isEmpty();
    }
}
