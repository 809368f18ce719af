package io.whittle.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.cli.UsageException;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * A server job as the CLI runs it: submitted (the server's field errors become usage errors), followed until it
 * ends with its progress shown, cancelled on the server when the CLI is interrupted, and its end turned into an
 * exception unless it succeeded.
 */
final class RemoteJob {
    private static final String JOBS = "/api/v1/jobs/";
    private static final long POLL_MILLIS = 300;

    private RemoteJob() {
    }

    /** Posts {@code body} to {@code path}; a 422 names the first bad field as a usage error. */
    static JsonNode submit(ServerApi api, String path, ObjectNode body) throws IOException {
        try {
            return api.post(path, body);
        } catch (RemoteProblem p) {
            JsonNode first = p.body().path("errors").path(0).path("message");
            if (p.status() == 422 && first.isTextual()) {
                throw new UsageException(first.asText(), p);
            }
            throw p;
        }
    }

    /**
     * Polls {@code job} until it ends, showing each state, and returns it when it succeeded.
     *
     * @param what the job in words for failures, e.g. {@code copy} or {@code X-ray}
     * @throws IOException the job's error when it failed or was cancelled
     */
    static JsonNode follow(ServerApi api, JsonNode job, JobProgress progress, String what) throws IOException {
        String id = job.path("id").asText();
        JsonNode current = job;
        try (JobCancel cancel = new JobCancel(api, JOBS + ServerApi.encode(id) + "/cancel")) {
            progress.show(current);
            while (!finished(current)) {
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while the server runs the " + what + " (job " + id
                            + ")");
                }
                current = api.get(JOBS + ServerApi.encode(id));
                progress.show(current);
            }
        }
        String state = current.path("state").asText();
        if (!state.equals("succeeded")) {
            String why = current.path("error").asText("");
            throw new IOException(state.equals("cancelled") && why.isBlank() ? "the " + what + " was cancelled"
                    : why.isBlank() ? "the " + what + " failed on the server (job " + id + ")" : why);
        }
        return current;
    }

    private static boolean finished(JsonNode job) {
        String s = job.path("state").asText();
        return s.equals("succeeded") || s.equals("failed") || s.equals("cancelled");
    }
}
