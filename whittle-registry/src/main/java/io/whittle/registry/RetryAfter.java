package io.whittle.registry;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads {@code Retry-After}: delay seconds or an HTTP date. Values a server should not send are tamed rather than
 * obeyed: an epoch timestamp where seconds belong (Docker Hub has sent those) is read as a point in time, a date
 * in the past means now, and everything is capped.
 */
public final class RetryAfter {
    /** Larger "seconds" than this are taken for an epoch timestamp (this is late 2001). */
    private static final long EPOCH_THRESHOLD = 1_000_000_000L;

    private RetryAfter() {
    }

    /**
     * How long a {@code Retry-After} value asks to wait, measured from {@code now} and at most {@code cap}; empty when
     * there is no value or it is neither seconds nor a date.
     */
    public static Optional<Duration> parse(String value, Instant now, Duration cap) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        Duration wait;
        if (v.chars().allMatch(Character::isDigit)) {
            long n;
            try {
                n = Long.parseLong(v);
            } catch (NumberFormatException e) {
                return Optional.of(cap); // more digits than a long: absurdly far away
            }
            wait = n >= EPOCH_THRESHOLD ? Duration.ofSeconds(Math.max(0, n - now.getEpochSecond())) : Duration.ofSeconds(n);
        } else {
            Optional<Instant> at = date(v);
            if (at.isEmpty()) {
                return Optional.empty();
            }
            wait = Duration.between(now, at.get());
        }
        if (wait.isNegative()) {
            wait = Duration.ZERO;
        }
        return Optional.of(wait.compareTo(cap) > 0 ? cap : wait);
    }

    private static final DateTimeFormatter[] FORMS = {
        // IMF-fixdate "01 Mar 2025 12:00:05 GMT", RFC 850 "01-Mar-25 12:00:05 GMT", asctime "Mar 1 12:00:05 2025",
        // each after the weekday is dropped (a wrong weekday is no reason to ignore the date).
        DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss[ 'GMT'][ 'UTC']", Locale.ROOT),
        DateTimeFormatter.ofPattern("d-MMM-yy HH:mm:ss[ 'GMT'][ 'UTC']", Locale.ROOT),
        DateTimeFormatter.ofPattern("MMM d HH:mm:ss yyyy", Locale.ROOT),
    };

    private static Optional<Instant> date(String v) {
        String rest = v.replaceAll("\\s+", " ").strip();
        int comma = rest.indexOf(',');
        if (comma >= 0) {
            rest = rest.substring(comma + 1).strip();
        } else if (rest.length() > 4 && Character.isLetter(rest.charAt(0)) && rest.charAt(3) == ' ') {
            rest = rest.substring(4); // asctime's "Sat "
        }
        for (DateTimeFormatter f : FORMS) {
            try {
                return Optional.of(LocalDateTime.parse(rest, f).toInstant(ZoneOffset.UTC));
            } catch (DateTimeParseException e) {
                // try the next of the three forms RFC 9110 allows
            }
        }
        return Optional.empty();
    }
}
