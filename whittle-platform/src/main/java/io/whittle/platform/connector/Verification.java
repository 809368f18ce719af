package io.whittle.platform.connector;

import java.util.Locale;

/** Whether a connector's credential was shown to work. */
public enum Verification {
    /** The last check succeeded. */
    VERIFIED,
    /** Saved without a successful check, at the user's request. */
    UNVERIFIED,
    /** The last check failed; the status reason says why. */
    FAILING;

    /** The stored and printed form: {@code verified}, {@code unverified}, {@code failing}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Verification fromWire(String text) {
        for (Verification v : values()) {
            if (v.wire().equals(text)) {
                return v;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a connector status: use verified, unverified or failing.");
    }
}
