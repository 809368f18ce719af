package io.whittle.oci;

/**
 * Byte counts for people, the same everywhere Whittle shows one (CLI, reports, web UI): SI units as docker, skopeo
 * and dive print them, one decimal. Integer arithmetic rather than {@code String.format("%.1f")}, whose first use
 * loads locale data: some milliseconds of a short command.
 */
public final class ByteSizes {
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private ByteSizes() {
    }

    /** e.g. {@code 999 B}, {@code 1.5 kB}, {@code 314.6 MB}: one decimal, rounded half up. */
    public static String human(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        long unitSize = 1;
        int unit = 0;
        long tenths;
        do {
            unitSize *= 1000;
            unit++;
            long d = unitSize / 10;
            tenths = bytes / d + (bytes % d >= d - d / 2 ? 1 : 0);
        } while (tenths >= 10_000 && unit < UNITS.length - 1);
        return tenths / 10 + "." + tenths % 10 + " " + UNITS[unit];
    }
}
