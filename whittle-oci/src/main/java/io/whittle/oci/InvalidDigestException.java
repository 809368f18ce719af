package io.whittle.oci;

/** A digest string that is not {@code sha256:} or {@code sha512:} followed by lowercase hex of the exact length. */
public final class InvalidDigestException extends OciException {
    public InvalidDigestException(String message) {
        super(message);
    }
}
