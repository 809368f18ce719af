package io.whittle.oci;

/** Base of the model's validation errors; the message is one sentence a user can act on. */
public class OciException extends RuntimeException {
    public OciException(String message) {
        super(message);
    }

    public OciException(String message, Throwable cause) {
        super(message, cause);
    }
}
