package io.whittle.oci;

import java.io.IOException;
import java.util.Objects;

/**
 * A failure to read or write images, carrying the operation ("pull manifest", "push blob"…), the subject
 * (a reference, a digest, a directory), its kind, and whether trying again may help. The message is one
 * sentence that says what went wrong and, where possible, what to do.
 */
public class AccessException extends IOException {
    private final Failure failure;
    private final String operation;
    private final String subject;
    private final boolean retryable;

    public AccessException(Failure failure, String operation, String subject, String message, boolean retryable,
                           Throwable cause) {
        super(message, cause);
        this.failure = Objects.requireNonNull(failure, "failure");
        this.operation = Objects.requireNonNull(operation, "operation");
        this.subject = Objects.requireNonNull(subject, "subject");
        this.retryable = retryable;
    }

    public AccessException(Failure failure, String operation, String subject, String message) {
        this(failure, operation, subject, message, false, null);
    }

    public Failure failure() {
        return failure;
    }

    public String operation() {
        return operation;
    }

    public String subject() {
        return subject;
    }

    public boolean retryable() {
        return retryable;
    }
}
