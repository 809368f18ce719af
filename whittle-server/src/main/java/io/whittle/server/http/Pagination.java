package io.whittle.server.http;

import io.javalin.http.Context;
import io.whittle.platform.connector.Page;
import io.whittle.platform.connector.PageRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code limit} and {@code cursor} query parameters of listings, and pages cut from a list held in memory
 * (a user's tokens, organizations and members are few): ordered by a stable key, a page's cursor is the last key
 * it holds, so deleting items between two requests neither skips nor repeats any.
 */
public final class Pagination {
    public static final String LIMIT = "limit";
    public static final String CURSOR = "cursor";
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = PageRequest.LIMIT_MAX;

    private Pagination() {
    }

    /** The page the request asks for. */
    public static PageRequest request(Context ctx) {
        String limitText = ctx.queryParam(LIMIT);
        int limit = DEFAULT_LIMIT;
        if (limitText != null && !limitText.isBlank()) {
            try {
                limit = Integer.parseInt(limitText.strip());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw ApiProblem.badRequest("The limit must be a whole number from 1 to " + MAX_LIMIT + ".");
            }
        }
        String cursor = ctx.queryParam(CURSOR);
        return new PageRequest(limit, cursor == null || cursor.isBlank() ? Optional.empty() : Optional.of(cursor));
    }

    /** One page of {@code all}, ordered by {@code key} (unique per item). */
    public static <T> Page<T> slice(List<T> all, PageRequest request, Function<? super T, String> key) {
        Optional<String> after = request.cursor().map(Pagination::decode);
        List<T> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing(key));
        List<T> page = new ArrayList<>();
        boolean more = false;
        for (T item : sorted) {
            if (after.isPresent() && key.apply(item).compareTo(after.get()) <= 0) {
                continue;
            }
            if (page.size() == request.limit()) {
                more = true;
                break;
            }
            page.add(item);
        }
        Optional<String> next = more ? Optional.of(encode(key.apply(page.getLast()))) : Optional.empty();
        return new Page<>(page, next);
    }

    /** A key that orders by time, then by {@code id}: for {@link #slice} of items listed oldest first. */
    public static String timeKey(java.time.Instant at, String id) {
        return String.format("%019d%09d/%s", at.getEpochSecond(), at.getNano(), id);
    }

    private static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("k:" + key).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith("k:")) {
                return text.substring(2);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw ApiProblem.badRequest("The cursor is not one this listing gave out: start again without it.");
    }
}
