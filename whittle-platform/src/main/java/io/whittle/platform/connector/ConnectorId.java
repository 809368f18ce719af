package io.whittle.platform.connector;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * A connector's ID, {@code <provider>.<10 lowercase base32 characters>} such as {@code ghcr.k3v9x2m4qa}:
 * short enough to type, 50 random bits so that guessing one is pointless, and stable forever. The suffix
 * uses Crockford's base32 alphabet in lowercase (digits and letters without i, l, o and u), so that no two
 * characters are easily confused when read aloud or copied by hand.
 * The built-in anonymous Docker Hub connector {@code dockerhub.public} is the one reserved exception.
 */
public record ConnectorId(String provider, String suffix) {
    /** The length of a generated suffix. */
    public static final int SUFFIX_LENGTH = 10;
    /** Crockford base32, lowercase. */
    public static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

    private static final Pattern PROVIDER = Pattern.compile("[a-z][a-z0-9]{1,31}");
    private static final Pattern SUFFIX = Pattern.compile("[0-9a-hjkmnp-tv-z]{" + SUFFIX_LENGTH + "}");
    private static final String RESERVED_SUFFIX = "public";

    /** Anonymous, read-only Docker Hub; exists in every organization without being stored. */
    public static final ConnectorId DOCKERHUB_PUBLIC = new ConnectorId("dockerhub", RESERVED_SUFFIX);

    public ConnectorId {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(suffix, "suffix");
        if (!PROVIDER.matcher(provider).matches()) {
            throw new InvalidConnectorIdException("'" + provider + "." + suffix + "' is not a connector ID: the "
                    + "provider part must be 2 to 32 lowercase letters and digits, as in " + example() + ".");
        }
        boolean reserved = provider.equals("dockerhub") && suffix.equals(RESERVED_SUFFIX);
        if (!reserved && !SUFFIX.matcher(suffix).matches()) {
            throw new InvalidConnectorIdException("'" + provider + "." + suffix + "' is not a connector ID: "
                    + expected());
        }
    }

    /** Parses {@code provider.suffix}; the message of a failure shows the expected form. */
    public static ConnectorId parse(String text) {
        Objects.requireNonNull(text, "connector ID");
        int dot = text.indexOf('.');
        if (dot <= 0 || dot != text.lastIndexOf('.')) {
            throw new InvalidConnectorIdException("'" + text + "' is not a connector ID: " + expected());
        }
        return new ConnectorId(text.substring(0, dot), text.substring(dot + 1));
    }

    /** True when {@code text} parses. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidConnectorIdException e) {
            return false;
        }
    }

    /** A new random ID for {@code provider}; use a {@link SecureRandom}. */
    public static ConnectorId random(String provider, RandomGenerator random) {
        StringBuilder s = new StringBuilder(SUFFIX_LENGTH);
        for (int i = 0; i < SUFFIX_LENGTH; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return new ConnectorId(provider, s.toString());
    }

    /** True for connectors that come with Whittle and are never stored, such as {@link #DOCKERHUB_PUBLIC}. */
    public boolean isBuiltIn() {
        return suffix.equals(RESERVED_SUFFIX);
    }

    @Override
    public String toString() {
        return provider + "." + suffix;
    }

    private static String expected() {
        return "expected <provider>.<10 lowercase letters and digits, without i, l, o or u>, for example " + example() + ".";
    }

    private static String example() {
        return "ghcr.k3v9x2m4qa";
    }
}
