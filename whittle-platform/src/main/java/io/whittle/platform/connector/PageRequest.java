package io.whittle.platform.connector;

import java.util.Objects;
import java.util.Optional;

/** Up to {@code limit} items, after the position {@code cursor} of a previous {@link Page} (none: from the start). */
public record PageRequest(int limit, Optional<String> cursor) {
    public static final int LIMIT_MAX = 500;

    public PageRequest {
        if (limit < 1 || limit > LIMIT_MAX) {
            throw new IllegalArgumentException("A page holds 1 to " + LIMIT_MAX + " items, not " + limit + ".");
        }
        Objects.requireNonNull(cursor, "cursor");
    }

    public static PageRequest first(int limit) {
        return new PageRequest(limit, Optional.empty());
    }

    public static PageRequest after(String cursor, int limit) {
        return new PageRequest(limit, Optional.of(cursor));
    }
}
