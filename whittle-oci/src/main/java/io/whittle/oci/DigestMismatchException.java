package io.whittle.oci;

import java.io.IOException;

/** Content whose bytes do not hash to the digest, or do not have the size, that described it. */
public final class DigestMismatchException extends IOException {
    public DigestMismatchException(String message) {
        super(message);
    }
}
