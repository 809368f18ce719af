package io.whittle.cli;

import java.util.Locale;

/** Byte counts for people: SI units, as docker and skopeo print them. */
public final class Sizes {
    private Sizes() {
    }

    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

    public static String human(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        double v = bytes;
        int unit = 0;
        while (v >= 999.95 && unit < UNITS.length - 1) {
            v /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
    }
}
