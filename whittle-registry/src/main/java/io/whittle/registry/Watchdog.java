package io.whittle.registry;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.hc.core5.concurrent.Cancellable;

/**
 * Cancels exchanges that run too long: a fixed deadline for bounded exchanges, and a "no progress" check for
 * request bodies (a socket write that blocks because the server stopped reading has no read timeout).
 */
final class Watchdog implements AutoCloseable {
    private final ScheduledThreadPoolExecutor timer;

    Watchdog() {
        timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "whittle-http-watchdog");
            t.setDaemon(true);
            return t;
        });
        // Most watches are stopped long before they fire: drop them at once rather than keep them queued.
        timer.setRemoveOnCancelPolicy(true);
    }

    /** A running watch; {@link #fired()} tells whether it cancelled the exchange. */
    static final class Handle {
        private volatile boolean fired;
        private volatile ScheduledFuture<?> future;

        boolean fired() {
            return fired;
        }

        void stop() {
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
        }
    }

    static final Handle NONE = new Handle();

    Handle deadline(Cancellable exchange, Duration after) {
        Handle h = new Handle();
        h.future = timer.schedule(() -> {
            h.fired = true;
            exchange.cancel();
        }, after.toMillis(), TimeUnit.MILLISECONDS);
        return h;
    }

    /** Cancels when {@code progress} has not moved for {@code stall}. */
    Handle stall(Cancellable exchange, LongSupplier progress, Duration stall) {
        Handle h = new Handle();
        long period = Math.max(20, stall.toMillis() / 4);
        long[] last = {progress.getAsLong(), System.nanoTime()};
        h.future = timer.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            long p = progress.getAsLong();
            if (p != last[0]) {
                last[0] = p;
                last[1] = now;
            } else if (now - last[1] >= stall.toNanos()) {
                h.fired = true;
                h.stop();
                exchange.cancel();
            }
        }, period, period, TimeUnit.MILLISECONDS);
        return h;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
