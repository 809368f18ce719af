package io.whittle.platform.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.platform.org.OrganizationId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JobValuesTest {

    @Test
    void aJobIdIsAUuid() {
        JobId id = JobId.random();
        assertThat(JobId.parse(id.toString())).isEqualTo(id);
        assertThatThrownBy(() -> JobId.parse("job-1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'job-1' is not a job id: expected a UUID");
    }

    @Test
    void onlyTheLastThreeStatesAreFinished() {
        assertThat(JobState.QUEUED.finished()).isFalse();
        assertThat(JobState.RUNNING.finished()).isFalse();
        assertThat(JobState.SUCCEEDED.finished()).isTrue();
        assertThat(JobState.FAILED.finished()).isTrue();
        assertThat(JobState.CANCELLED.finished()).isTrue();
        for (JobState s : JobState.values()) {
            assertThat(JobState.fromWire(s.wire())).isEqualTo(s);
        }
    }

    @Test
    void progressStaysWithinZeroAndAHundred() {
        assertThatThrownBy(() -> new Job(JobId.random(), OrganizationId.LOCAL, "echo", "{}", JobState.RUNNING, 101, "",
                Optional.empty(), Optional.empty(), "alice", Instant.now(), Optional.empty(), Optional.empty(), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theConfigRefusesWhatDbSchedulerWouldNot() {
        JobsConfig d = JobsConfig.defaults();
        assertThat(d.threads()).isPositive();
        assertThat(d.instanceName()).isNotBlank();
        assertThat(d.deadAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> d.withHeartbeat(Duration.ofSeconds(1), 3)).hasMessageContaining("at least 4");
        assertThatThrownBy(() -> d.withThreads(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withPollingInterval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withInstanceName(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyOneJsonDocumentIsJson() {
        assertThat(JsonText.isDocument("{\"a\":[1,2,{\"b\":null}]}")).isTrue();
        assertThat(JsonText.isDocument("42")).isTrue();
        assertThat(JsonText.isDocument("")).isFalse();
        assertThat(JsonText.isDocument("{\"a\":")).isFalse();
        assertThat(JsonText.isDocument("{} {}")).isFalse();
        assertThat(JsonText.isDocument("{\"a\":1,}")).isFalse();
    }
}
