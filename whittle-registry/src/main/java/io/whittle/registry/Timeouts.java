package io.whittle.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * How long Whittle waits on a registry.
 *
 * @param connect to open a TCP connection (and finish TLS)
 * @param read    between two reads of a response, or two writes of a request body: a server that stalls
 *                mid-body for this long is abandoned
 * @param total   for one whole exchange with a bounded body (manifests, tokens, lists, errors, blob checks).
 *                Blob bodies, which may be gigabytes, are bounded by {@code read} instead: they may take as
 *                long as they keep moving
 */
public record Timeouts(Duration connect, Duration read, Duration total) {

    public Timeouts {
        requirePositive(connect, "connect");
        requirePositive(read, "read");
        requirePositive(total, "total");
    }

    /** 15 s to connect, 60 s between reads, 5 minutes per exchange. */
    public static Timeouts defaults() {
        return new Timeouts(Duration.ofSeconds(15), Duration.ofSeconds(60), Duration.ofMinutes(5));
    }

    public Timeouts withConnect(Duration d) {
        return new Timeouts(d, read, total);
    }

    public Timeouts withRead(Duration d) {
        return new Timeouts(connect, d, total);
    }

    public Timeouts withTotal(Duration d) {
        return new Timeouts(connect, read, d);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("the " + name + " timeout must be positive, not " + d);
        }
    }
}
