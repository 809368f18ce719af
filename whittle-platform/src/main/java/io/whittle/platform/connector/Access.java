package io.whittle.platform.connector;

/** What a connector's credential may do, as found by the provider's permission probe. */
public enum Access {
    READ_ONLY("read-only"),
    READ_WRITE("read-write"),
    /** Not probed yet, or the provider cannot tell. */
    UNKNOWN("unknown");

    private final String wire;

    Access(String wire) {
        this.wire = wire;
    }

    /** The stored and printed form. */
    public String wire() {
        return wire;
    }

    public static Access fromWire(String text) {
        for (Access a : values()) {
            if (a.wire.equals(text)) {
                return a;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a connector access: use read-only, read-write or unknown.");
    }
}
