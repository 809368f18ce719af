package io.whittle.connector;

import java.time.Duration;
import java.util.Objects;

/** A pull rate limit the registry reports (Docker Hub): {@code remaining} of {@code limit} per {@code window}. */
public record RateLimit(int limit, int remaining, Duration window) {
    public RateLimit {
        Objects.requireNonNull(window, "window");
        if (limit < 0 || remaining < 0) {
            throw new IllegalArgumentException("a rate limit cannot be negative");
        }
    }

    @Override
    public String toString() {
        return remaining + " of " + limit + " pulls left per " + window.toHours() + " h";
    }
}
