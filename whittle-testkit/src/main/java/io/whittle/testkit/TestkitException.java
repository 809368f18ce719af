package io.whittle.testkit;

/** A test fixture could not do what a test asked of it; the message says what failed and what to do. */
public class TestkitException extends RuntimeException {
    public TestkitException(String message) {
        super(message);
    }

    public TestkitException(String message, Throwable cause) {
        super(message, cause);
    }
}
