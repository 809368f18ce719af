package io.whittle.testkit.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Pagination as the providers do it: page numbers, opaque continuation tokens, {@code Link} headers. */
public final class Pages {
    private Pages() {
    }

    /** One page of items and where the next starts. */
    public record Page<T>(List<T> items, int offset, Optional<Integer> next, int total) {
        public Page {
            items = List.copyOf(items);
        }

        public boolean hasNext() {
            return next.isPresent();
        }
    }

    /** The items from {@code offset}, at most {@code size} of them. */
    public static <T> Page<T> slice(List<T> all, int offset, int size) {
        if (offset < 0 || size < 1) {
            throw new Call.BadRequest("a page needs an offset of at least 0 and a size of at least 1");
        }
        int from = Math.min(offset, all.size());
        int to = Math.min(all.size(), from + size);
        return new Page<>(all.subList(from, to), from, to < all.size() ? Optional.of(to) : Optional.empty(),
                all.size());
    }

    /** Page {@code page} (1-based) of {@code size} items. */
    public static <T> Page<T> numbered(List<T> all, int page, int size) {
        if (page < 1) {
            throw new Call.BadRequest("page must be 1 or more, got " + page);
        }
        return slice(all, (page - 1) * size, size);
    }

    /** An opaque continuation token for an offset, bound to what it paginates so it cannot be reused elsewhere. */
    public static String token(String listing, int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((listing + "|" + offset).getBytes(StandardCharsets.UTF_8));
    }

    /** The offset a token stands for; a token from another listing or a forged one is a {@link Call.BadRequest}. */
    public static int offset(String listing, String token) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int bar = s.lastIndexOf('|');
            if (bar < 0 || !s.substring(0, bar).equals(listing)) {
                throw new Call.BadRequest("the pagination token does not belong to this listing");
            }
            return Integer.parseInt(s.substring(bar + 1));
        } catch (IllegalArgumentException e) {
            throw new Call.BadRequest("the pagination token is not valid");
        }
    }

    /** The offset an optional token stands for, 0 without one. */
    public static int offset(String listing, Optional<String> token) {
        return token.filter(t -> !t.isEmpty()).map(t -> offset(listing, t)).orElse(0);
    }

    /** {@code <url>; rel="name"}. */
    public static String link(String url, String rel) {
        return "<" + url + ">; rel=\"" + rel + "\"";
    }
}
