package io.whittle.server.http;

import io.whittle.platform.connector.Page;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The body of every paginated listing: {@code {"items": [...], "next": "cursor" or null}}. Pass {@code next}
 * back as the {@code cursor} query parameter for the following page. Routes document it with
 * {@link ApiRoute.Doc#returnsPageOf} and read their page request with {@link Pagination#request}.
 */
public record PageBody<T>(List<T> items, Optional<String> next) {
    public PageBody {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
        Objects.requireNonNull(next, "next");
    }

    /** A page of the store's items, each turned into its API body. */
    public static <S, T> PageBody<T> of(Page<S> page, Function<? super S, ? extends T> toBody) {
        return new PageBody<>(page.items().stream().<T>map(toBody).toList(), page.next());
    }
}
