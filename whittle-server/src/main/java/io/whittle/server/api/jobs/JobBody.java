package io.whittle.server.api.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.platform.job.Job;
import io.whittle.platform.job.JobState;
import io.whittle.server.http.Json;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;

/**
 * A job as the API shows it: what was asked, how far it got, and how it ended. {@code result} (the job kind's JSON
 * document) is there once it succeeded, {@code error} (one sentence) once it failed; {@code attempts} is more than
 * one when a server stopped while running it and another run took it over.
 *
 * @param progress how far it got, 0 to 100, and a short message (a copy says the bytes and blobs)
 */
public record JobBody(String id, String kind, JsonNode parameters, JobState state, ProgressBody progress,
                      Optional<JsonNode> result, Optional<String> error, String submittedBy, Instant createdAt,
                      Optional<Instant> startedAt, Optional<Instant> finishedAt, int attempts) {

    /** A running job's progress: {@code percent} from 0 to 100 and what it is doing. */
    public record ProgressBody(int percent, String message) {
    }

    static JobBody of(Job j) {
        return new JobBody(j.id().toString(), j.kind(), tree(j.parameters()), j.state(),
                new ProgressBody(j.progressPercent(), j.progressMessage()), j.result().map(JobBody::tree), j.error(),
                j.submittedBy(), j.createdAt(), j.startedAt(), j.finishedAt(), j.attempts());
    }

    private static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException("a stored job document is not JSON", e);
        }
    }
}
