package io.whittle.server.web;

import io.whittle.platform.account.IssuedToken;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds a newly created token's secret between the form post and the page it redirects to, so that reloading that
 * page creates nothing: the secret is kept in memory under a random handle, for the session that created it only,
 * for one read within a few minutes, and then forgotten. A server restart in between loses it; the token can be
 * revoked and created again.
 */
final class CreatedTokens {
    static final Duration TTL = Duration.ofMinutes(5);
    static final int MAX_PENDING = 10_000;

    /** A secret waiting to be shown, bound to the session (by its CSRF token) that created it. */
    private record Pending(String session, IssuedToken issued, Instant expires) {
        @Override
        public String toString() {
            return "Pending[" + issued.token().name() + "]";
        }
    }

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    CreatedTokens(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Keeps {@code issued} for {@code session} and returns the handle the redirect carries. */
    String keep(String session, IssuedToken issued) {
        Instant now = clock.instant();
        pending.values().removeIf(p -> !now.isBefore(p.expires()));
        if (pending.size() >= MAX_PENDING) {
            throw new IllegalStateException("too many created tokens are waiting to be shown: try again in a few"
                    + " minutes");
        }
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        String handle = HexFormat.of().formatHex(bytes);
        pending.put(handle, new Pending(Objects.requireNonNull(session, "session"), issued, now.plus(TTL)));
        return handle;
    }

    /**
     * The token under {@code handle} if {@code session} created it and it has not been read or expired; it is gone
     * afterwards. Another session's read finds nothing and leaves it in place.
     */
    Optional<IssuedToken> take(String session, String handle) {
        Pending p = pending.get(handle);
        if (p == null || !MessageDigest.isEqual(p.session().getBytes(StandardCharsets.UTF_8),
                session.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        if (!pending.remove(handle, p) || !clock.instant().isBefore(p.expires())) {
            return Optional.empty();
        }
        return Optional.of(p.issued());
    }
}
