package io.whittle.platform.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random bearer secrets (API tokens, session cookies, the setup token) and their digests. A secret of 256 random
 * bits needs no slow hash: SHA-256 makes the stored value useless to a reader of the database, and a digest can be
 * looked up by equality.
 */
final class Secrets {
    static final int BYTES = 32;
    /** Base64url of {@link #BYTES} bytes, unpadded. */
    static final int ENCODED_LENGTH = 43;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    private Secrets() {
    }

    /** {@link #BYTES} fresh random bytes in unpadded base64url. */
    static String random() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return B64URL.encodeToString(bytes);
    }

    /** Whether {@code text} has the shape {@link #random()} makes, so that garbage is refused before any query. */
    static boolean wellFormed(String text) {
        if (text == null || text.length() != ENCODED_LENGTH) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (!(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_')) {
                return false;
            }
        }
        return true;
    }

    /** The lowercase hex SHA-256 of the UTF-8 bytes of {@code secret}: what the tables store. */
    static String digest(String secret) {
        return HexFormat.of().formatHex(sha256().digest(secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** Compares two strings in time that depends only on their lengths. */
    static boolean equal(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    static String base64url(byte[] bytes) {
        return B64URL.encodeToString(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
