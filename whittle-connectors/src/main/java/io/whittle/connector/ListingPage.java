package io.whittle.connector;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** One page of a listing (repositories, tags) and the token of the next page, if any. */
public interface ListingPage<T> {
    List<T> items();

    Optional<String> next();

    /** Fetches the page a token names (the first page for none). */
    @FunctionalInterface
    interface Source<T> {
        ListingPage<T> page(Optional<String> token) throws IOException;
    }

    /** Every item from the first page on, following the pages until the last or until there are {@code limit}. */
    static <T> List<T> all(Source<T> source, int limit) throws IOException {
        List<T> out = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            ListingPage<T> page = source.page(token);
            out.addAll(page.items());
            token = page.next();
        } while (token.isPresent() && out.size() < limit);
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    /** The first item that matches, following the pages only as far as needed. */
    static <T> Optional<T> find(Source<T> source, Predicate<? super T> match) throws IOException {
        Optional<String> token = Optional.empty();
        do {
            ListingPage<T> page = source.page(token);
            Optional<T> found = page.items().stream().filter(match).findFirst();
            if (found.isPresent()) {
                return found;
            }
            token = page.next();
        } while (token.isPresent());
        return Optional.empty();
    }
}
