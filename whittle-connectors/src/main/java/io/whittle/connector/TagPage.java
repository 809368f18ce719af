package io.whittle.connector;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of tags and the token of the next page, if any (opaque, never a URL). */
public record TagPage(List<TagInfo> items, Optional<String> next) implements ListingPage<TagInfo> {
    public TagPage {
        items = List.copyOf(items);
        Objects.requireNonNull(next, "next");
    }
}
