package io.whittle.platform.connector;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A pull rate limit a registry reported (Docker Hub): {@code remaining} of {@code limit} pulls per {@code window},
 * as read at {@code checkedAt} (kept to microseconds, what both databases store).
 */
public record RateLimit(int limit, int remaining, Duration window, Instant checkedAt) {
    public RateLimit {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(checkedAt, "checkedAt");
        if (limit < 0 || remaining < 0) {
            throw new IllegalArgumentException("a rate limit cannot be negative");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a rate limit's window must be longer than zero, not " + window);
        }
        checkedAt = checkedAt.truncatedTo(ChronoUnit.MICROS);
    }

    @Override
    public String toString() {
        long hours = window.toHours();
        String per = hours > 0 && window.equals(Duration.ofHours(hours)) ? hours + " h" : window.toSeconds() + " s";
        return remaining + " of " + limit + " pulls left per " + per;
    }
}
