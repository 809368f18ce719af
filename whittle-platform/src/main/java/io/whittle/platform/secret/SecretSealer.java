package io.whittle.platform.secret;

/** Encrypts secrets for storage; the half of the cipher that code writing secrets gets. */
public interface SecretSealer {
    /** The stored form of {@code value}, bound to {@code context}; see {@link SecretCipher} for the format. */
    String seal(SecretContext context, SecretValue value);
}
