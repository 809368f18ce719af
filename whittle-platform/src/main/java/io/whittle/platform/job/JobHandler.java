package io.whittle.platform.job;

/**
 * The work behind one kind of job (an X-ray, a comparison…). Runs on a worker thread of whichever process picks the
 * job up, possibly again after a process died mid-run, so it must be safe to start over.
 *
 * <p>{@link #run} returns the result as a JSON document. To fail with a message for the user, throw a
 * {@link JobFailedException} (or an {@link IllegalArgumentException} or platform exception) whose message is one
 * sentence saying what went wrong and what to do; any other exception fails the job with a generic sentence, and its
 * details go only to the log.
 */
public interface JobHandler {
    /** The kind of job this handler runs, as submitted ({@code xray}, {@code compare}…). */
    String kind();

    /** Runs the job; reports progress and checks for cancellation through {@code context}. */
    String run(JobContext context) throws Exception;
}
