package io.whittle.cli;

/**
 * Byte counts for people: SI units, as docker and skopeo print them. Formatted with integer arithmetic rather than
 * {@code String.format("%.1f")}, whose first use loads the locale data: some milliseconds of a short command.
 */
public final class Sizes {
    private Sizes() {
    }

    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

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
            tenths = roundedDivide(bytes, unitSize / 10);
        } while (tenths >= 10_000 && unit < UNITS.length - 1);
        return oneDecimal(tenths) + " " + UNITS[unit];
    }

    /** {@code seconds} with one decimal, rounded half up, e.g. {@code 0.3}; never negative. */
    public static String seconds(double seconds) {
        return oneDecimal(Math.round(Math.max(seconds, 0) * 10));
    }

    private static String oneDecimal(long tenths) {
        return tenths / 10 + "." + tenths % 10;
    }

    /** {@code n / d} rounded half up, for {@code n >= 0} and {@code d > 0}, without overflow. */
    private static long roundedDivide(long n, long d) {
        long q = n / d;
        return n % d >= d - d / 2 ? q + 1 : q;
    }
}
