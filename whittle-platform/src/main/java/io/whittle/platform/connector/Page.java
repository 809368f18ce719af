package io.whittle.platform.connector;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of a listing, and the cursor of the next page when there is one. */
public record Page<T>(List<T> items, Optional<String> next) {
    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
        Objects.requireNonNull(next, "next");
    }

    /** The request for the following page, if any. */
    public Optional<PageRequest> nextRequest(int limit) {
        return next.map(c -> PageRequest.after(c, limit));
    }
}
