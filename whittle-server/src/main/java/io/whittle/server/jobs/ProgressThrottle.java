package io.whittle.server.jobs;

/**
 * Lets a job's progress through at most every half second (or when forced), so that watchers see it move while a
 * fast job does not write a row per buffer. Thread-safe: layers and blobs report from several threads.
 */
final class ProgressThrottle {
    private static final long EVERY_NANOS = 500_000_000L;

    private volatile long reportedAt = System.nanoTime() - EVERY_NANOS;

    /** Whether to write progress now; true at most once per half second unless {@code force}. */
    boolean due(boolean force) {
        long now = System.nanoTime();
        if (!force && now - reportedAt < EVERY_NANOS) {
            return false;
        }
        synchronized (this) {
            if (!force && now - reportedAt < EVERY_NANOS) {
                return false;
            }
            reportedAt = now;
            return true;
        }
    }
}
