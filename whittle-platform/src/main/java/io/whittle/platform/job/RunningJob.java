package io.whittle.platform.job;

import io.whittle.platform.org.OrganizationId;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The context of one run (one attempt) of a job. A cancellation made in this process reaches it at once through
 * {@link #stop}; one made by another process, or another worker taking the job over, is found by reading the row at
 * most every {@code checkEvery}, so that a handler may ask in a tight loop.
 */
final class RunningJob implements JobContext {
    private static final Logger LOG = LoggerFactory.getLogger(RunningJob.class);
    static final int MESSAGE_MAX = 1000;

    private final Job job;
    private final int attempt;
    private final JobStore store;
    private final Consumer<JobRow> publish;
    private final long checkEveryNanos;
    private volatile boolean stop;
    private volatile long checkedAt;

    RunningJob(Job job, int attempt, JobStore store, Consumer<JobRow> publish, Duration checkEvery) {
        this.job = job;
        this.attempt = attempt;
        this.store = store;
        this.publish = publish;
        this.checkEveryNanos = checkEvery.toNanos();
        this.checkedAt = System.nanoTime();
    }

    @Override
    public JobId id() {
        return job.id();
    }

    @Override
    public OrganizationId organization() {
        return job.organization();
    }

    @Override
    public String parameters() {
        return job.parameters();
    }

    int attempt() {
        return attempt;
    }

    @Override
    public void progress(int percent, String message) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("Job progress is 0 to 100 percent, not " + percent + ".");
        }
        String text = Objects.requireNonNull(message, "message").strip();
        if (text.length() > MESSAGE_MAX) {
            text = text.substring(0, MESSAGE_MAX - 1) + "…";
        }
        Optional<JobRow> row = store.progress(job.id(), attempt, percent, text);
        if (row.isPresent()) {
            publish.accept(row.get());
        } else {
            stop = true; // another run took the job over, or it ended
        }
    }

    @Override
    public boolean cancelRequested() {
        if (stop) {
            return true;
        }
        long now = System.nanoTime();
        if (now - checkedAt >= checkEveryNanos) {
            checkedAt = now;
            try {
                stop = store.shouldStop(job.id(), attempt);
            } catch (RuntimeException e) {
                LOG.warn("Cannot check whether job {} was cancelled, going on: {}", job.id(), e.getMessage());
            }
        }
        return stop;
    }

    /** Cancellation asked for in this process. */
    void stop() {
        stop = true;
    }
}
