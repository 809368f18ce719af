package io.whittle.platform.secret;

/**
 * Where the secret keys come from: the key file in the data directory, the environment, or a keyring held
 * in memory. Asked on every use, so a process that keeps running sees a rotation made by another one.
 */
public interface KeySource {
    Keyring keyring();
}
