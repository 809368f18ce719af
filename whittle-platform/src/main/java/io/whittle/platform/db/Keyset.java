package io.whittle.platform.db;

import io.whittle.platform.connector.Page;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Keyset paging over a table's {@code (created_at, id)}: a page is the rows after the last one of the page before,
 * which stays right while rows come and go (an offset would skip or repeat them). The cursor handed to callers is
 * that last row's creation time, to the microsecond both databases keep, and id; opaque, base64url.
 *
 * @param newestFirst the order of the listing: newest first, else oldest first
 */
public record Keyset(boolean newestFirst) {
    public static final Keyset OLDEST_FIRST = new Keyset(false);
    public static final Keyset NEWEST_FIRST = new Keyset(true);

    /** Where a page ended: the creation time and id of its last row. */
    public record Position(Instant createdAt, String id) {
        public String encode() {
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((micros + "/" + id).getBytes(StandardCharsets.UTF_8));
        }

        /**
         * The position a cursor of {@link #encode()} names; {@code checkId} validates (and may normalise) the id,
         * throwing for one that is not.
         */
        public static Position decode(String cursor, UnaryOperator<String> checkId) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int slash = text.indexOf('/');
                long micros = Long.parseLong(text.substring(0, slash));
                return new Position(Instant.EPOCH.plus(micros, ChronoUnit.MICROS),
                        checkId.apply(text.substring(slash + 1)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("The page cursor is not one this server issued: start again from"
                        + " the first page.");
            }
        }
    }

    /** The condition that keeps the rows after {@code after}, to append to a WHERE clause; empty on the first page. */
    public String condition(Optional<Position> after) {
        if (after.isEmpty()) {
            return "";
        }
        String op = newestFirst ? "<" : ">";
        return " AND (created_at " + op + " ? OR (created_at = ? AND id " + op + " ?))";
    }

    /** The ORDER BY and LIMIT clauses; the limit is one more than the page, to tell whether another follows. */
    public String orderAndLimit() {
        return newestFirst ? " ORDER BY created_at DESC, id DESC LIMIT ?" : " ORDER BY created_at, id LIMIT ?";
    }

    /**
     * Binds the parameters of {@link #condition} and of the limit from index {@code i}: {@code idValue} turns the id
     * into its column's type.
     */
    public void bind(PreparedStatement ps, int i, Optional<Position> after, int limit,
                     Function<String, Object> idValue) throws SQLException {
        if (after.isPresent()) {
            OffsetDateTime t = OffsetDateTime.ofInstant(after.get().createdAt(), ZoneOffset.UTC);
            ps.setObject(i++, t);
            ps.setObject(i++, t);
            ps.setObject(i++, idValue.apply(after.get().id()));
        }
        ps.setInt(i, limit + 1);
    }

    /** The page from the rows a query of {@code limit + 1} found, with the cursor of its last row when more follow. */
    public <T> Page<T> page(List<T> found, int limit, Function<T, Position> positionOf) {
        if (found.size() <= limit) {
            return new Page<>(found, Optional.empty());
        }
        List<T> items = found.subList(0, limit);
        return new Page<>(items, Optional.of(positionOf.apply(items.getLast()).encode()));
    }
}
