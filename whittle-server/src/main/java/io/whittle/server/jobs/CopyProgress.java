package io.whittle.server.jobs;

import io.whittle.oci.Descriptor;
import io.whittle.oci.transfer.BlobOutcome;
import io.whittle.oci.transfer.CopyListener;
import io.whittle.platform.job.JobContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A copy's progress as the job reports it: the share of the blobs' bytes that are in place (sent, or found already
 * there), written at most every half second so that a fast copy does not write a row per buffer. The message says
 * the bytes and blobs, e.g. {@code 1048576 of 4194304 bytes, 1 of 3 blobs}.
 */
final class CopyProgress implements CopyListener {
    private static final Logger LOG = LoggerFactory.getLogger(CopyProgress.class);

    private final JobContext context;
    private final LongConsumer bytesSent;
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicInteger blobs = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final ProgressThrottle throttle = new ProgressThrottle();

    /** @param bytesSent told of every chunk of blob bytes sent, for the server's metrics */
    CopyProgress(JobContext context, LongConsumer bytesSent) {
        this.context = context;
        this.bytesSent = bytesSent;
    }

    @Override
    public void planned(List<Descriptor> planned) {
        total.set(planned.stream().mapToLong(Descriptor::size).sum());
        blobs.set(planned.size());
        report(true);
    }

    @Override
    public void blobProgress(Descriptor blob, long bytes) {
        done.addAndGet(bytes);
        bytesSent.accept(bytes);
        report(false);
    }

    @Override
    public void blobFinished(Descriptor blob, BlobOutcome outcome) {
        if (outcome != BlobOutcome.COPIED) {
            done.addAndGet(blob.size());
        }
        finished.incrementAndGet();
        report(false);
    }

    /** The final report, once the manifests are written too. */
    void completed() {
        write(100);
    }

    private void report(boolean force) {
        if (throttle.due(force)) {
            long t = total.get();
            // 99 at most until the manifests are written: 100 means the copy is complete.
            write(t <= 0 ? 0 : (int) Math.min(99, done.get() * 100 / t));
        }
    }

    private synchronized void write(int percent) {
        try {
            context.progress(percent, Math.min(done.get(), total.get()) + " of " + total.get() + " bytes, "
                    + finished.get() + " of " + blobs.get() + " blobs");
        } catch (RuntimeException e) {
            // Progress is for watchers; the copy goes on without it.
            LOG.warn("Cannot record the progress of job {}: {}", context.id(), e.getMessage());
        }
    }
}
