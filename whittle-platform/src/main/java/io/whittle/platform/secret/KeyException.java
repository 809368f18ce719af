package io.whittle.platform.secret;

import io.whittle.platform.PlatformException;

/** The secret keys cannot be read, created or saved; the message says which and what to do. */
public class KeyException extends PlatformException {
    public KeyException(String message) {
        super(message);
    }

    public KeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
