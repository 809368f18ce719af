package io.whittle.platform.secret;

import io.whittle.platform.PlatformException;

/**
 * A stored secret cannot be decrypted. Carries no cause on purpose: the JCA's "Tag mismatch" says nothing
 * a user can act on, and the {@link Reason} says all there is to say.
 */
public class SecretDecryptionException extends PlatformException {
    /** Why decryption failed. */
    public enum Reason {
        /** Not in the stored format at all (truncated, edited prefix, not base64). */
        MALFORMED,
        /** Sealed under a key version that the keyring does not hold. */
        UNKNOWN_KEY,
        /** Altered, copied from another connector, tenant or field, or sealed under another key. */
        MISMATCH
    }

    private final Reason reason;

    public SecretDecryptionException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
