package io.whittle.platform.job;

import io.whittle.platform.org.OrganizationId;

/** What a running {@link JobHandler} knows of its job, and how it reports back. */
public interface JobContext {
    JobId id();

    OrganizationId organization();

    /** The JSON parameters the job was submitted with. */
    String parameters();

    /** Records progress ({@code percent} 0 to 100, a short message) for pollers and watchers. */
    void progress(int percent, String message);

    /**
     * True once someone asked to cancel the job (in this process or another), or once another worker took it over;
     * the handler should then stop soon, by returning or throwing.
     */
    boolean cancelRequested();
}
