package io.whittle.connector.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GitHubExpiryTest {
    @Test
    void readsBothFormsGitHubSends() {
        assertThat(GitHubConnection.expiry("2026-01-31 12:30:00 UTC")).contains(Instant.parse("2026-01-31T12:30:00Z"));
        assertThat(GitHubConnection.expiry("2026-01-31 12:30:00 +0100"))
                .contains(Instant.parse("2026-01-31T11:30:00Z"));
        assertThat(GitHubConnection.expiry("soon")).isEmpty();
    }
}
