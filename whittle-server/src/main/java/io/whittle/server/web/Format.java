package io.whittle.server.web;

import io.whittle.oci.ByteSizes;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** How pages write dates, sizes and digests: in UTC, in binary units, digests shortened where a table is narrow. */
public final class Format {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter
            .ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private Format() {
    }

    public static String dateTime(Instant t) {
        return DATE_TIME.format(t);
    }

    public static String dateTime(Optional<Instant> t, String otherwise) {
        return t.map(Format::dateTime).orElse(otherwise);
    }

    public static String date(Instant t) {
        return DATE.format(t);
    }

    /** An ISO-8601 instant for {@code <time datetime>}. */
    public static String iso(Instant t) {
        return t.toString();
    }

    /** Sizes as the CLI and the X-ray reports print them (SI units, one decimal). */
    public static String size(long bytes) {
        return ByteSizes.human(bytes);
    }

    /** {@code sha256:0123456789ab}: enough to tell digests apart in a table; the full one is in the title. */
    public static String shortDigest(String digest) {
        int colon = digest.indexOf(':');
        return colon < 0 || digest.length() <= colon + 13 ? digest : digest.substring(0, colon + 13);
    }
}
