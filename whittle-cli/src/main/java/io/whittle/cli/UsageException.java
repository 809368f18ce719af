package io.whittle.cli;

/** The user asked for something that cannot be done as asked (exit code 2); the message says what to change. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
