package io.whittle.server.auth;

import io.whittle.server.http.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Slows down password guessing: after {@code maxFailures} failed sign-ins for one username from one address within
 * {@code window}, further attempts for that pair are refused (429, with {@code Retry-After}) until the oldest
 * failure leaves the window; a successful sign-in clears the pair. Kept in memory: a restart forgets it, and
 * several servers each count their own attempts, which still bounds guessing to a small rate.
 */
public final class SignInLimiter {
    /** Beyond this many tracked pairs, pairs whose failures all left the window are dropped. */
    private static final int PRUNE_ABOVE = 10_000;

    private final Clock clock;
    private final int maxFailures;
    private final Duration window;
    private final Map<String, Deque<Instant>> failures = new HashMap<>();

    public SignInLimiter(Clock clock, int maxFailures, Duration window) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(window, "window");
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1");
        }
        this.maxFailures = maxFailures;
    }

    /** Five failures per username and address in fifteen minutes. */
    public static SignInLimiter standard(Clock clock) {
        return new SignInLimiter(clock, 5, Duration.ofMinutes(15));
    }

    /** Throws 429 when {@code username} from {@code address} has failed too often lately. */
    public synchronized void check(String username, String address) {
        Deque<Instant> recent = recent(key(username, address));
        if (recent != null && recent.size() >= maxFailures) {
            Duration wait = Duration.between(clock.instant(), recent.peekFirst().plus(window));
            throw ApiProblem.tooManyRequests("Too many failed sign-ins for this user from your address: wait "
                    + Math.max(1, wait.toMinutes() + 1) + " minutes, or ask an administrator to reset your password.",
                    wait.toSeconds() + 1);
        }
    }

    public synchronized void failed(String username, String address) {
        if (failures.size() > PRUNE_ABOVE) {
            prune();
        }
        failures.computeIfAbsent(key(username, address), k -> new ArrayDeque<>()).addLast(clock.instant());
        Deque<Instant> recent = recent(key(username, address));
        while (recent != null && recent.size() > maxFailures) {
            recent.removeFirst();
        }
    }

    public synchronized void succeeded(String username, String address) {
        failures.remove(key(username, address));
    }

    private Deque<Instant> recent(String key) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return null;
        }
        Instant cutoff = clock.instant().minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(cutoff)) {
            times.removeFirst();
        }
        if (times.isEmpty()) {
            failures.remove(key);
            return null;
        }
        return times;
    }

    private void prune() {
        Instant cutoff = clock.instant().minus(window);
        for (Iterator<Deque<Instant>> it = failures.values().iterator(); it.hasNext(); ) {
            Deque<Instant> times = it.next();
            if (times.isEmpty() || !times.peekLast().isAfter(cutoff)) {
                it.remove();
            }
        }
    }

    private static String key(String username, String address) {
        return String.valueOf(username).strip().toLowerCase(Locale.ROOT) + "\n" + address;
    }
}
