package io.whittle.xray.report;

import io.whittle.oci.ByteSizes;

import java.util.Locale;
import java.util.Map;

/** Byte counts written for people, and read back the way dive reads its {@code .dive-ci} thresholds. */
public final class ByteSize {
    private ByteSize() {
    }

    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    // go-humanize's table, which dive's ParseBytes uses: SI without "i", IEC with it, the unit optional.
    private static final Map<String, Long> MULTIPLIERS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("b", 1L),
            Map.entry("k", 1000L), Map.entry("kb", 1000L), Map.entry("ki", 1L << 10), Map.entry("kib", 1L << 10),
            Map.entry("m", 1000_000L), Map.entry("mb", 1000_000L), Map.entry("mi", 1L << 20), Map.entry("mib", 1L << 20),
            Map.entry("g", 1000_000_000L), Map.entry("gb", 1000_000_000L), Map.entry("gi", 1L << 30),
            Map.entry("gib", 1L << 30),
            Map.entry("t", 1000_000_000_000L), Map.entry("tb", 1000_000_000_000L), Map.entry("ti", 1L << 40),
            Map.entry("tib", 1L << 40),
            Map.entry("p", 1000_000_000_000_000L), Map.entry("pb", 1000_000_000_000_000L), Map.entry("pi", 1L << 50),
            Map.entry("pib", 1L << 50),
            Map.entry("e", 1000_000_000_000_000_000L), Map.entry("eb", 1000_000_000_000_000_000L),
            Map.entry("ei", 1L << 60), Map.entry("eib", 1L << 60));

    /**
     * Parses {@code 20MB}, {@code 1.5 GiB}, {@code 1,000,000} or {@code 512}: a number (digits, dots, commas), then
     * an optional unit, case-insensitive; the result is truncated to whole bytes, as go-humanize does.
     *
     * @throws IllegalArgumentException when it is not such a size
     */
    public static long parse(String text) {
        int end = 0;
        boolean comma = false;
        while (end < text.length()) {
            char c = text.charAt(end);
            if (!(c >= '0' && c <= '9' || c == '.' || c == ',')) {
                break;
            }
            comma |= c == ',';
            end++;
        }
        String number = comma ? text.substring(0, end).replace(",", "") : text.substring(0, end);
        double value;
        try {
            value = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a size: write a number with an optional unit,"
                    + " such as 20MB or 1.5GiB");
        }
        String unit = text.substring(end).strip().toLowerCase(Locale.ROOT);
        Long multiplier = MULTIPLIERS.get(unit);
        if (multiplier == null) {
            throw new IllegalArgumentException("'" + text + "' has an unknown unit '" + unit + "': use B, kB, MB, GB,"
                    + " TB (powers of 1000) or KiB, MiB, GiB, TiB (powers of 1024)");
        }
        double bytes = value * multiplier;
        if (bytes >= 0x1p64) {
            throw new IllegalArgumentException("'" + text + "' is too large a size");
        }
        return bytes >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) bytes;
    }

    /** e.g. {@code 999 B}, {@code 1.5 kB}, {@code 314.6 MB}: see {@link ByteSizes#human}. */
    public static String human(long bytes) {
        return ByteSizes.human(bytes);
    }

    /** A ratio as a percentage with one decimal, e.g. {@code 0.9234 -> 92.3 %}. */
    public static String percent(double ratio) {
        if (!Double.isFinite(ratio)) {
            return "-";
        }
        long tenths = Math.round(ratio * 1000);
        return (tenths < 0 ? "-" : "") + Math.abs(tenths) / 10 + "." + Math.abs(tenths) % 10 + " %";
    }
}
