package io.whittle.connector.dockerhub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    @Test
    void readsDockerHubsHeaders() {
        assertThat(DockerHubConnection.parse(Optional.of("100;w=21600"), Optional.of("76;w=21600"))).get()
                .satisfies(l -> {
                    assertThat(l.limit()).isEqualTo(100);
                    assertThat(l.remaining()).isEqualTo(76);
                    assertThat(l.window()).isEqualTo(Duration.ofHours(6));
                });
        assertThat(DockerHubConnection.parse(Optional.empty(), Optional.of("1"))).isEmpty();
        assertThat(DockerHubConnection.parse(Optional.of("x"), Optional.of("y"))).isEmpty();
    }
}
