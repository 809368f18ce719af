package io.whittle.platform.secret;

import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Keys given in the environment variable {@value #VARIABLE}: either one base64 key (version 1), or for a
 * rotation a comma-separated list {@code <version>:<base64>,…} whose highest version encrypts.
 */
public final class EnvironmentKeys implements KeySource {
    public static final String VARIABLE = "WHITTLE_SECRET_KEY";

    private final Keyring keyring;

    private EnvironmentKeys(Keyring keyring) {
        this.keyring = keyring;
    }

    /** Parses the variable's value; the message of a failure never repeats the value. */
    public static EnvironmentKeys parse(String value) {
        Objects.requireNonNull(value, VARIABLE);
        String v = value.strip();
        Map<Integer, byte[]> raw = new TreeMap<>();
        try {
            if (!v.contains(":")) {
                raw.put(1, Base64.getDecoder().decode(v));
            } else {
                for (String item : v.split(",")) {
                    String[] parts = item.strip().split(":", 2);
                    int version = Integer.parseInt(parts[0].strip());
                    if (raw.put(version, Base64.getDecoder().decode(parts[1].strip())) != null) {
                        throw new KeyException(VARIABLE + " names key version " + version
                                + " twice: give each version once.");
                    }
                }
            }
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new KeyException(VARIABLE + " is not a base64 key: set it to 32 random bytes in base64 "
                    + "(for example from 'openssl rand -base64 32'), or to '<version>:<base64>,…' for a rotation.");
        }
        return new EnvironmentKeys(Keyring.of(raw));
    }

    @Override
    public Keyring keyring() {
        return keyring;
    }

    @Override
    public String toString() {
        return "EnvironmentKeys[" + VARIABLE + ", versions=" + keyring.versions() + "]";
    }
}
