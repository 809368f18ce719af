package io.whittle.platform;

/** Base of the platform store's errors; the message is one sentence saying what is wrong and what to do. */
public class PlatformException extends RuntimeException {
    public PlatformException(String message) {
        super(message);
    }

    public PlatformException(String message, Throwable cause) {
        super(message, cause);
    }
}
