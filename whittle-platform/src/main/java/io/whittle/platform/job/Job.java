package io.whittle.platform.job;

import io.whittle.platform.org.OrganizationId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A job as stored: what was asked ({@code kind} and its JSON {@code parameters}), by whom and for which organization,
 * how far it got, and how it ended. {@code result} (JSON) is present once it succeeded, {@code error} (one sentence)
 * once it failed. {@code attempts} counts its starts: more than one when a process died while running it.
 */
public record Job(JobId id, OrganizationId organization, String kind, String parameters, JobState state,
                  int progressPercent, String progressMessage, Optional<String> result, Optional<String> error,
                  String submittedBy, Instant createdAt, Optional<Instant> startedAt, Optional<Instant> finishedAt,
                  int attempts) {
    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(progressMessage, "progressMessage");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(submittedBy, "submittedBy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        if (progressPercent < 0 || progressPercent > 100) {
            throw new IllegalArgumentException("A job's progress is 0 to 100 percent, not " + progressPercent + ".");
        }
        if (attempts < 0) {
            throw new IllegalArgumentException("A job's attempts cannot be negative.");
        }
    }
}
