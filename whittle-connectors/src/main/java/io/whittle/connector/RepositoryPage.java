package io.whittle.connector;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of repositories and the token of the next page, if any (opaque, never a URL). */
public record RepositoryPage(List<RepositoryInfo> items, Optional<String> next) implements ListingPage<RepositoryInfo> {
    public RepositoryPage {
        items = List.copyOf(items);
        Objects.requireNonNull(next, "next");
    }
}
