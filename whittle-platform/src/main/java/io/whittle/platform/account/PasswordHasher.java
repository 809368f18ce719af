package io.whittle.platform.account;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Hashes passwords with Argon2id and writes them in the PHC string format
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, unpadded standard base64), which carries its own
 * parameters: a stored hash is verified with the parameters it was made with, and {@link #needsRehash} tells when
 * it should be replaced by one made with the current ones (at the next successful sign-in).
 *
 * <p>Passwords are encoded as UTF-8; the caller keeps (and should clear) its {@code char[]}, this class clears its
 * own byte copies.
 */
public final class PasswordHasher {
    private static final String ALGORITHM = "argon2id";
    private static final int VERSION = Argon2Parameters.ARGON2_VERSION_13;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    /** Bounds on what a stored string may ask for, so that a damaged row cannot make verification take the server. */
    private static final int MAX_MEMORY_KIB = 1 << 20;
    private static final int MAX_ITERATIONS = 100;
    private static final int MAX_PARALLELISM = 16;

    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final int memoryKiB;
    private final int iterations;
    private final int parallelism;
    private final SecureRandom random = new SecureRandom();

    private PasswordHasher(int memoryKiB, int iterations, int parallelism) {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM || iterations < 1 || iterations > MAX_ITERATIONS
                || memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("Argon2id parameters m=" + memoryKiB + ", t=" + iterations + ", p="
                    + parallelism + " are out of range: use 1 to " + MAX_PARALLELISM + " lanes, 1 to "
                    + MAX_ITERATIONS + " passes and 8 KiB per lane to 1 GiB of memory.");
        }
        this.memoryKiB = memoryKiB;
        this.iterations = iterations;
        this.parallelism = parallelism;
    }

    /** OWASP's recommended Argon2id setting: 19 MiB of memory, 2 passes, 1 lane. */
    public static PasswordHasher standard() {
        return new PasswordHasher(19_456, 2, 1);
    }

    /** Cheap parameters for tests only: the hashes are real Argon2id, but fast to brute-force. */
    public static PasswordHasher forTests() {
        return new PasswordHasher(256, 1, 1);
    }

    /** A hasher with other parameters (an operator's stronger setting, or a test of rehashing). */
    public static PasswordHasher withParameters(int memoryKiB, int iterations, int parallelism) {
        return new PasswordHasher(memoryKiB, iterations, parallelism);
    }

    /** A PHC string for {@code password} with a fresh random salt. */
    public String hash(char[] password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        Encoded e = new Encoded(memoryKiB, iterations, parallelism, salt, new byte[HASH_BYTES]);
        derive(password, e, e.hash());
        return e.format();
    }

    /**
     * Whether {@code password} is the one {@code encoded} was made from. Malformed or foreign strings verify as false;
     * the comparison takes the same time wherever the hashes differ.
     */
    public boolean verify(char[] password, String encoded) {
        Optional<Encoded> parsed = Encoded.parse(encoded);
        if (parsed.isEmpty() || password == null) {
            return false;
        }
        Encoded e = parsed.get();
        byte[] actual = new byte[e.hash().length];
        derive(password, e, actual);
        return MessageDigest.isEqual(actual, e.hash());
    }

    /** Whether {@code encoded} was made with other parameters than this hasher's (or is not a hash it can read). */
    public boolean needsRehash(String encoded) {
        return Encoded.parse(encoded)
                .map(e -> e.memoryKiB() != memoryKiB || e.iterations() != iterations || e.parallelism() != parallelism
                        || e.salt().length != SALT_BYTES || e.hash().length != HASH_BYTES)
                .orElse(true);
    }

    private static void derive(char[] password, Encoded e, byte[] out) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(VERSION)
                .withMemoryAsKB(e.memoryKiB())
                .withIterations(e.iterations())
                .withParallelism(e.parallelism())
                .withSalt(e.salt())
                .build();
        byte[] bytes = utf8(password);
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters);
            generator.generateBytes(bytes, out);
        } finally {
            Arrays.fill(bytes, (byte) 0);
            parameters.clear();
        }
    }

    private static byte[] utf8(char[] password) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
        return bytes;
    }

    @Override
    public String toString() {
        return "PasswordHasher[argon2id m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism + "]";
    }

    /** The parts of a PHC string. */
    private record Encoded(int memoryKiB, int iterations, int parallelism, byte[] salt, byte[] hash) {
        String format() {
            return "$" + ALGORITHM + "$v=" + VERSION + "$m=" + memoryKiB + ",t=" + iterations + ",p=" + parallelism
                    + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
        }

        static Optional<Encoded> parse(String encoded) {
            if (encoded == null) {
                return Optional.empty();
            }
            String[] parts = encoded.split("\\$", -1);
            if (parts.length != 6 || !parts[0].isEmpty() || !parts[1].equals(ALGORITHM)
                    || !parts[2].equals("v=" + VERSION)) {
                return Optional.empty();
            }
            String[] settings = parts[3].split(",", -1);
            if (settings.length != 3) {
                return Optional.empty();
            }
            try {
                int m = setting(settings[0], "m=");
                int t = setting(settings[1], "t=");
                int p = setting(settings[2], "p=");
                byte[] salt = B64_DECODER.decode(parts[4]);
                byte[] hash = B64_DECODER.decode(parts[5]);
                if (p < 1 || p > MAX_PARALLELISM || t < 1 || t > MAX_ITERATIONS || m < 8 * p || m > MAX_MEMORY_KIB
                        || salt.length < 8 || salt.length > 64 || hash.length < 16 || hash.length > 64) {
                    return Optional.empty();
                }
                return Optional.of(new Encoded(m, t, p, salt, hash));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        private static int setting(String text, String key) {
            if (!text.startsWith(key)) {
                throw new IllegalArgumentException("expected " + key);
            }
            String digits = text.substring(key.length());
            if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                throw new IllegalArgumentException("not a small number");
            }
            return Integer.parseInt(digits);
        }
    }
}
