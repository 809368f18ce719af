package io.whittle.platform.job;

import io.whittle.platform.PlatformException;

/**
 * No job with that id in the caller's organization. Said the same way whether the id does not exist or belongs to
 * another organization, so that other tenants' job ids cannot be probed.
 */
public class JobNotFoundException extends PlatformException {
    private final JobId id;

    public JobNotFoundException(JobId id) {
        super("There is no job " + id + " in this organization: list the jobs to see their ids.");
        this.id = id;
    }

    public JobId id() {
        return id;
    }
}
