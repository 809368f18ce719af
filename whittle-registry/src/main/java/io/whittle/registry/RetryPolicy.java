package io.whittle.registry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When Whittle tries a request again: on 429 (after {@code Retry-After}, capped at {@code maxRetryAfter}), on
 * 5xx other than 501 and 505, and on broken or refused connections, with jittered exponential backoff. Other
 * 4xx answers are never retried. A request whose body was a one-shot stream is not retried (see
 * {@link RegistryRepository#putBlob(io.whittle.oci.Descriptor, BlobContent)} for the reopenable form).
 *
 * @param maxAttempts     tries per request, the first included (1 = no retries)
 * @param initialBackoff  the wait before the first retry; doubled for each further one
 * @param maxBackoff      the longest wait between tries
 * @param maxRetryAfter   the longest {@code Retry-After} honoured; longer (or absurd) values are cut to this
 * @param maxResumes      how many times one blob download may resume with {@code Range} after a cut connection
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter,
                          int maxResumes) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1 (the first try), not " + maxAttempts);
        }
        if (maxResumes < 0) {
            throw new IllegalArgumentException("maxResumes cannot be negative");
        }
        requireNotNegative(initialBackoff, "initialBackoff");
        requireNotNegative(maxBackoff, "maxBackoff");
        requireNotNegative(maxRetryAfter, "maxRetryAfter");
    }

    /** 4 tries, backoff from 500 ms up to 10 s, Retry-After capped at 60 s, 5 resumes per blob. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofSeconds(60), 5);
    }

    /** One try, no resume. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);
    }

    public RetryPolicy withMaxAttempts(int n) {
        return new RetryPolicy(n, initialBackoff, maxBackoff, maxRetryAfter, maxResumes);
    }

    public RetryPolicy withBackoff(Duration initial, Duration max) {
        return new RetryPolicy(maxAttempts, initial, max, maxRetryAfter, maxResumes);
    }

    public RetryPolicy withMaxRetryAfter(Duration cap) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, cap, maxResumes);
    }

    public RetryPolicy withMaxResumes(int n) {
        return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxRetryAfter, n);
    }

    /** The wait before retry number {@code retry} (1-based): exponential, with jitter between half and all of it. */
    public Duration backoff(int retry) {
        long base = initialBackoff.toMillis();
        for (int i = 1; i < retry && base < maxBackoff.toMillis(); i++) {
            base *= 2;
        }
        base = Math.min(base, maxBackoff.toMillis());
        if (base <= 1) {
            return Duration.ofMillis(base);
        }
        long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
        return Duration.ofMillis(jittered);
    }

    private static void requireNotNegative(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative()) {
            throw new IllegalArgumentException(name + " cannot be negative");
        }
    }
}
