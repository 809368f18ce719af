package io.whittle.platform.job;

/**
 * Thrown by a {@link JobHandler} to fail its job with a message for the user: one sentence that says what went
 * wrong and what to do, without secrets. It becomes the job's {@link Job#error()}.
 */
public class JobFailedException extends RuntimeException {
    public JobFailedException(String message) {
        super(message);
    }

    public JobFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
