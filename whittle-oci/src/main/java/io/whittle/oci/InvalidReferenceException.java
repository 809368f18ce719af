package io.whittle.oci;

/** An image reference that Docker would refuse; the message says why. */
public final class InvalidReferenceException extends OciException {
    public InvalidReferenceException(String message) {
        super(message);
    }
}
