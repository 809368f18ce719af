package io.whittle.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.platform.job.JobHandler;
import io.whittle.platform.org.OrganizationId;

/**
 * A job handler that checks a submission's parameters before the job is queued, so that a wrong field is answered
 * at once (422, field by field) instead of failing the job later. The job still checks again when it runs: what the
 * parameters name (a connector) may have changed in between.
 */
public interface CheckedJobHandler extends JobHandler {

    /**
     * The parameters to store, as one JSON document (normalized as the handler likes).
     *
     * @throws io.whittle.server.http.ApiProblem 422 with {@code errors} naming the fields that are wrong
     */
    String check(OrganizationId org, JsonNode parameters);
}
