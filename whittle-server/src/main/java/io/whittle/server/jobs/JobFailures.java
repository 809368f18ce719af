package io.whittle.server.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.connector.Connection;
import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import io.whittle.platform.job.JobFailedException;
import io.whittle.server.http.Json;
import java.io.IOException;
import org.slf4j.Logger;

/** What the registry jobs share: their parameters read, and what went wrong turned into the sentence a job keeps. */
final class JobFailures {
    private JobFailures() {
    }

    /** The job's parameters as JSON; anything else fails the job. */
    static JsonNode parameters(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new JobFailedException("The job's parameters are not JSON: submit it again.");
        }
    }

    /** The message as one sentence ending in a full stop. */
    static String sentence(String message) {
        String m = message == null ? "" : message.strip();
        return m.isEmpty() || m.endsWith(".") ? m : m + ".";
    }

    /**
     * A registry's refusal as the job's failure: its first line as a sentence, and for a refused credential or a
     * blocked address, {@code connectorAdvice} (what to do about the connectors).
     */
    static JobFailedException access(AccessException e, String connectorAdvice) {
        String why = sentence(e.getMessage());
        if (e.failure() == Failure.UNAUTHORIZED || e.failure() == Failure.DENIED || e.failure() == Failure.BLOCKED) {
            why += " " + connectorAdvice;
        }
        return new JobFailedException(why.lines().findFirst().orElse(why), e);
    }

    /** Closes the connections of a cancelled job; a failure to close is only logged. */
    static void closeQuietly(Logger log, String job, Connection... all) {
        for (Connection c : all) {
            if (c == null) {
                continue;
            }
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                log.debug("Closing a connection of a cancelled {} failed: {}", job, e.toString());
            }
        }
    }
}
