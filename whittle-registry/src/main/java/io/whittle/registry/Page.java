package io.whittle.registry;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of a tag list or catalog.
 *
 * @param items the names on this page
 * @param next  an opaque cursor for the next page (the registry's {@code Link: <…>; rel="next"}), empty on the
 *              last page; pass it back to the paged method to continue
 */
public record Page(List<String> items, Optional<String> next) {
    public Page {
        items = List.copyOf(items);
        Objects.requireNonNull(next, "next");
    }
}
