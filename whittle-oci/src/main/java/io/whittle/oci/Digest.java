package io.whittle.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A content digest such as {@code sha256:9f86d0…}: an algorithm and the lowercase hex of exactly
 * the length that algorithm produces. Anything else is rejected when the value is made.
 */
public record Digest(Algorithm algorithm, String hex) implements Comparable<Digest> {

    /** The digest algorithms that the OCI image spec registers. */
    public enum Algorithm {
        SHA256("sha256", "SHA-256", 64),
        SHA512("sha512", "SHA-512", 128);

        private final String prefix;
        private final String jcaName;
        private final int hexLength;

        Algorithm(String prefix, String jcaName, int hexLength) {
            this.prefix = prefix;
            this.jcaName = jcaName;
            this.hexLength = hexLength;
        }

        public String prefix() {
            return prefix;
        }

        public int hexLength() {
            return hexLength;
        }

        /** A fresh hasher for this algorithm. */
        public MessageDigest newHasher() {
            try {
                return MessageDigest.getInstance(jcaName);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(jcaName + " is missing from this JDK", e);
            }
        }

        static Algorithm fromPrefix(String prefix, String whole) {
            for (Algorithm a : values()) {
                if (a.prefix.equals(prefix)) {
                    return a;
                }
            }
            throw new InvalidDigestException("'" + whole + "' uses the unsupported digest algorithm '" + prefix
                    + "': use sha256 or sha512");
        }
    }

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != algorithm.hexLength) {
            throw new InvalidDigestException("'" + algorithm.prefix + ":" + hex + "' is not a valid digest: "
                    + algorithm.prefix + " needs exactly " + algorithm.hexLength + " hex characters, not "
                    + hex.length());
        }
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw new InvalidDigestException("'" + algorithm.prefix + ":" + hex
                        + "' is not a valid digest: only lowercase hex characters (0-9, a-f) are allowed");
            }
        }
    }

    /** Parses {@code algorithm:hex}. */
    public static Digest parse(String value) {
        Objects.requireNonNull(value, "digest");
        int colon = value.indexOf(':');
        if (colon <= 0) {
            throw new InvalidDigestException("'" + value + "' is not a digest: expected the form sha256:<64 hex characters>");
        }
        return new Digest(Algorithm.fromPrefix(value.substring(0, colon), value), value.substring(colon + 1));
    }

    /** True when {@code value} parses as a digest. */
    public static boolean isDigest(String value) {
        try {
            parse(value);
            return true;
        } catch (InvalidDigestException e) {
            return false;
        }
    }

    public static Digest sha256(byte[] content) {
        return of(Algorithm.SHA256, content);
    }

    public static Digest of(Algorithm algorithm, byte[] content) {
        return fromHasher(algorithm, hash(algorithm, content));
    }

    /** Completes a hasher obtained from {@link Algorithm#newHasher()}. */
    public static Digest fromHasher(Algorithm algorithm, MessageDigest hasher) {
        return new Digest(algorithm, HexFormat.of().formatHex(hasher.digest()));
    }

    private static MessageDigest hash(Algorithm algorithm, byte[] content) {
        MessageDigest md = algorithm.newHasher();
        md.update(content);
        return md;
    }

    /** True when {@code content} hashes to this digest. */
    public boolean matches(byte[] content) {
        return equals(of(algorithm, content));
    }

    /** A short form for humans: the algorithm and the first 12 hex characters. */
    public String shortForm() {
        return algorithm.prefix + ":" + hex.substring(0, 12);
    }

    // equals and hashCode are written out: a record's generated ones are bound on first use through an
    // invokedynamic bootstrap (ObjectMethods) that costs a command-line run some 10 ms.
    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && algorithm == d.algorithm && hex.equals(d.hex);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.ordinal() + hex.hashCode();
    }

    @Override
    public int compareTo(Digest o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return algorithm.prefix + ":" + hex;
    }
}
