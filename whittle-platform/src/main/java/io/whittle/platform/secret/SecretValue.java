package io.whittle.platform.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret in plain text (a token, a password, a service-account key) on its way into the encrypted store
 * or out to the code that builds registry credentials. It prints as {@code ****} everywhere.
 *
 * <p>A final class rather than a record on purpose: serializers that introspect record components or
 * getters (Jackson does both) find nothing to write here, so a secret cannot slip into JSON output; the
 * only way to the plain text is the explicit {@link #reveal()}.
 */
public final class SecretValue {
    /** What a secret field left empty in a form becomes: "keep what is stored". */
    public static final SecretValue EMPTY = new SecretValue("");

    private static final String MASK = "****";

    private final String plaintext;

    private SecretValue(String plaintext) {
        this.plaintext = plaintext;
    }

    /** Wraps {@code plaintext}; an empty string gives {@link #EMPTY}. */
    public static SecretValue of(String plaintext) {
        Objects.requireNonNull(plaintext, "a secret value must not be null");
        return plaintext.isEmpty() ? EMPTY : new SecretValue(plaintext);
    }

    /** The plain text, for the code that must hand it to a registry or an SDK; never print or log it. */
    public String reveal() {
        return plaintext;
    }

    public boolean isEmpty() {
        return plaintext.isEmpty();
    }

    @Override
    public String toString() {
        return MASK;
    }

    /** Compares in constant time, so timing does not tell how much of a guess was right. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SecretValue other && MessageDigest.isEqual(
                plaintext.getBytes(StandardCharsets.UTF_8), other.plaintext.getBytes(StandardCharsets.UTF_8));
    }

    /** Constant: a hash of the secret would tell something about it, and secrets are no map keys. */
    @Override
    public int hashCode() {
        return 0x5ec7e7;
    }
}
