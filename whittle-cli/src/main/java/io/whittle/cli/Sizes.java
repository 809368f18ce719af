package io.whittle.cli;

import io.whittle.oci.ByteSizes;

/** Byte counts and durations for people, in the CLI's output. */
public final class Sizes {
    private Sizes() {
    }

    /** e.g. {@code 999 B}, {@code 1.5 kB}, {@code 314.6 MB}: see {@link ByteSizes#human}. */
    public static String human(long bytes) {
        return ByteSizes.human(bytes);
    }

    /** {@code seconds} with one decimal, rounded half up, e.g. {@code 0.3}; never negative. */
    public static String seconds(double seconds) {
        return oneDecimal(Math.round(Math.max(seconds, 0) * 10));
    }

    private static String oneDecimal(long tenths) {
        return tenths / 10 + "." + tenths % 10;
    }
}
