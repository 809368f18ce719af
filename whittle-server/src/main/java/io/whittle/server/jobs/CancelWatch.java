package io.whittle.server.jobs;

import io.whittle.platform.job.JobContext;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a running job and runs an abort action once (closing the connections a copy reads and writes through,
 * which ends even a transfer stalled in a read) when the job is cancelled, or when its thread is interrupted: that
 * is how a stopping server hands a job back to the queue, and a read blocked on a socket does not notice an
 * interrupt by itself. The watch never interrupts anything; it tells the two causes apart for the handler.
 */
final class CancelWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CancelWatch.class);
    private static final Duration EVERY = Duration.ofMillis(200);

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean aborted = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean closed;

    private CancelWatch(JobContext context, Thread worker, Runnable abort) {
        this.thread = Thread.ofVirtual().name("whittle-cancel-watch-" + context.id()).unstarted(() -> {
            try {
                while (!closed) {
                    boolean cancel = context.cancelRequested();
                    if (cancel || worker.isInterrupted()) {
                        cancelled.set(cancel);
                        aborted.set(true);
                        LOG.info("Job {} was {}: stopping its transfers.", context.id(),
                                cancel ? "cancelled" : "interrupted");
                        abort.run();
                        return;
                    }
                    Thread.sleep(EVERY);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * Starts watching the job of {@code context} running on the current thread; {@code abort} runs on the watch's
     * thread.
     */
    static CancelWatch start(JobContext context, Runnable abort) {
        CancelWatch w = new CancelWatch(Objects.requireNonNull(context, "context"), Thread.currentThread(),
                Objects.requireNonNull(abort, "abort"));
        w.thread.start();
        return w;
    }

    /** True once the job was cancelled (not merely interrupted) and the abort action ran. */
    boolean cancelled() {
        return cancelled.get();
    }

    @Override
    public void close() {
        closed = true;
        if (!aborted.get()) {
            thread.interrupt(); // only its sleep: an abort under way runs to its end
        }
    }
}
