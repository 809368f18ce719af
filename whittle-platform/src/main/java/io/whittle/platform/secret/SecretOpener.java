package io.whittle.platform.secret;

/** Decrypts stored secrets; only code that builds registry credentials (or rotates keys) gets this half. */
public interface SecretOpener {
    /**
     * The plain secret of {@code sealed}, which must have been sealed for exactly {@code context}.
     *
     * @throws SecretDecryptionException when it was altered, sealed for another context, or under a key
     *         this keyring does not hold
     */
    SecretValue open(SecretContext context, String sealed);
}
