package io.whittle.server.api.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A job to run: its {@code kind} ({@code copy}…) and the kind's parameters, a JSON object (see each kind's
 * description in the API document).
 */
public record SubmitJobBody(String kind, Optional<JsonNode> parameters) {
    public SubmitJobBody {
        parameters = parameters == null ? Optional.empty() : parameters;
    }
}
