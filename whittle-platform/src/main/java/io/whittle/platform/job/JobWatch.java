package io.whittle.platform.job;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watcher of one job, on a virtual thread of its own: it delivers the job as it is, then every change, in
 * order, until the job finishes or the watch is closed. Changes made in this process arrive through {@link #offer}
 * as they happen; changes made by other processes are found by reading the row every {@code pollEvery}. A change is
 * delivered only when its revision is newer than the last one delivered, so the two sources never go backwards; the
 * listener is called on the watch's thread only, one change at a time, and never by the thread making the change.
 */
final class JobWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobWatch.class);

    private final JobId id;
    private final Consumer<Job> listener;
    private final Supplier<Optional<JobRow>> read;
    private final Duration pollEvery;
    private final Consumer<JobWatch> onEnd;
    /** Changes made in this process; an empty one only wakes the thread up (to see that it was closed). */
    private final LinkedBlockingQueue<Optional<JobRow>> changes = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    JobWatch(JobId id, Consumer<Job> listener, Supplier<Optional<JobRow>> read, Duration pollEvery,
             Consumer<JobWatch> onEnd) {
        this.id = id;
        this.listener = listener;
        this.read = read;
        this.pollEvery = pollEvery;
        this.onEnd = onEnd;
    }

    JobId id() {
        return id;
    }

    void start() {
        Thread.ofVirtual().name("whittle-job-watch-" + id).start(this::run);
    }

    /** A change made in this process; never blocks. */
    void offer(JobRow row) {
        if (!closed) {
            changes.offer(Optional.of(row));
        }
    }

    private void run() {
        long delivered = Long.MIN_VALUE;
        Job last = null;
        try {
            Optional<JobRow> next = readQuietly();
            while (!closed) {
                if (next.isPresent() && next.get().revision() > delivered) {
                    JobRow row = next.get();
                    delivered = row.revision();
                    if (closed) {
                        return;
                    }
                    if (!row.job().equals(last)) {
                        last = row.job();
                        listener.accept(row.job());
                    }
                    if (row.job().state().finished()) {
                        return;
                    }
                }
                Optional<JobRow> offered = changes.poll(pollEvery.toMillis(), TimeUnit.MILLISECONDS);
                next = offered != null ? offered : readQuietly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("Stopped watching job {}: the listener failed ({}).", id, e.toString());
        } finally {
            closed = true;
            onEnd.accept(this);
        }
    }

    private Optional<JobRow> readQuietly() {
        try {
            return read.get();
        } catch (RuntimeException e) {
            LOG.warn("Cannot read job {} for a watcher, trying again: {}", id, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Ends the watch: the listener is not called again, apart from a call already on its way. The thread is woken
     * rather than interrupted, since an interrupt would break a pooled connection in the middle of a read.
     */
    @Override
    public void close() {
        closed = true;
        changes.offer(Optional.empty());
    }
}
