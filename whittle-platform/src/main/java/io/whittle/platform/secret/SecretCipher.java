package io.whittle.platform.secret;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM for stored secrets.
 *
 * <p>Stored format, one ASCII string per secret: {@code v<version>:<payload>}, where {@code version} is the
 * decimal key version (no leading zeros) and {@code payload} is unpadded base64url of
 * {@code nonce (12 bytes) ‖ ciphertext ‖ GCM tag (16 bytes)}. The nonce is fresh from {@link SecureRandom}
 * for every value. The associated data is {@link SecretContext#associatedData(int)}: the key version,
 * tenant, owner and field, so a value moved to another place, or a prefix edited to another version, fails
 * authentication. The prefix lets keys rotate: a reader picks the key by version, and rotation finds the
 * values still under an old one.
 */
public final class SecretCipher implements SecretSealer, SecretOpener {
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Pattern FORMAT = Pattern.compile("v([1-9][0-9]{0,8}):([A-Za-z0-9_-]+)");

    private final KeySource keys;
    private final SecureRandom random;

    public SecretCipher(KeySource keys) {
        this(keys, new SecureRandom());
    }

    public SecretCipher(KeySource keys, SecureRandom random) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public String seal(SecretContext context, SecretValue value) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(value, "value");
        Keyring keyring = keys.keyring();
        int version = keyring.newestVersion();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, keyring.key(version), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.associatedData(version));
            byte[] sealed = cipher.doFinal(value.reveal().getBytes(StandardCharsets.UTF_8));
            byte[] payload = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
            return "v" + version + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    @Override
    public SecretValue open(SecretContext context, String sealed) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(sealed, "sealed");
        Matcher m = FORMAT.matcher(sealed);
        if (!m.matches()) {
            throw malformed(context);
        }
        int version = Integer.parseInt(m.group(1));
        byte[] payload;
        try {
            payload = Base64.getUrlDecoder().decode(m.group(2));
        } catch (IllegalArgumentException e) {
            throw malformed(context);
        }
        // Base64 without padding ignores the low bits of a last partial character; insisting on the
        // canonical encoding makes every changed character count.
        if (payload.length < NONCE_BYTES + TAG_BITS / 8
                || !Base64.getUrlEncoder().withoutPadding().encodeToString(payload).equals(m.group(2))) {
            throw malformed(context);
        }
        Keyring keyring = keys.keyring();
        if (!keyring.has(version)) {
            throw new SecretDecryptionException(SecretDecryptionException.Reason.UNKNOWN_KEY,
                    "The secret " + context.describe() + " was encrypted with key version " + version
                            + ", which this installation does not hold (it holds " + keyring.versions()
                            + "): restore that key or enter the secret again.");
        }
        byte[] plain;
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, keyring.key(version),
                    new GCMParameterSpec(TAG_BITS, payload, 0, NONCE_BYTES));
            cipher.updateAAD(context.associatedData(version));
            plain = cipher.doFinal(payload, NONCE_BYTES, payload.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new SecretDecryptionException(SecretDecryptionException.Reason.MISMATCH,
                    "The secret " + context.describe() + " cannot be decrypted: it was altered, copied from "
                            + "another connector or organization, or encrypted with a different key; restore "
                            + "the right key or enter the secret again.");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
        try {
            return SecretValue.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(plain)).toString());
        } catch (CharacterCodingException e) {
            throw malformed(context);
        }
    }

    /** The key version a stored value was sealed under, or empty when it is not in the stored format. */
    public static OptionalInt keyVersion(String sealed) {
        Matcher m = FORMAT.matcher(sealed);
        return m.matches() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    private static SecretDecryptionException malformed(SecretContext context) {
        return new SecretDecryptionException(SecretDecryptionException.Reason.MALFORMED,
                "The stored secret " + context.describe() + " is damaged (not in Whittle's encrypted format): "
                        + "enter the secret again.");
    }
}
