package io.whittle.server.jobs;

import io.whittle.platform.job.JobContext;
import io.whittle.xray.XrayListener;
import io.whittle.xray.scan.LayerScan;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An X-ray's progress as its job reports it: reading the layers is up to 90% (by compressed bytes, a cached layer
 * counting whole at once), the phases after it the rest. Written at most every half second. The message says the
 * layers and bytes, e.g. {@code 2 of 5 layers, 1048576 of 4194304 bytes}, then the phase.
 */
final class XrayProgress implements XrayListener {
    private static final Logger LOG = LoggerFactory.getLogger(XrayProgress.class);

    private final JobContext context;
    private final long total;
    private final int layers;
    private final LongConsumer pulled;
    private final ConcurrentHashMap<Integer, Long> read = new ConcurrentHashMap<>();
    private final AtomicInteger done = new AtomicInteger();
    private final ProgressThrottle throttle = new ProgressThrottle();

    /**
     * @param total  the compressed bytes of all layers
     * @param pulled told of the bytes read from the registry, for the server's metrics
     */
    XrayProgress(JobContext context, int layers, long total, LongConsumer pulled) {
        this.context = context;
        this.layers = layers;
        this.total = total;
        this.pulled = pulled;
    }

    @Override
    public void layerStarted(int index, long compressedSize, boolean cached) {
        if (cached) {
            read.put(index, compressedSize);
        }
        report(false, "");
    }

    @Override
    public void layerProgress(int index, long bytesRead) {
        Long before = read.put(index, bytesRead);
        long delta = bytesRead - (before == null ? 0 : before);
        if (delta > 0) {
            pulled.accept(delta);
        }
        report(false, "");
    }

    @Override
    public void layerDone(int index, LayerScan scan) {
        read.put(index, scan.compressedSize());
        done.incrementAndGet();
        report(false, "");
    }

    @Override
    public void phase(String name) {
        report(true, ", " + name);
    }

    /** Before anything is read. */
    void started() {
        report(true, "");
    }

    private void report(boolean force, String phase) {
        if (!throttle.due(force)) {
            return;
        }
        synchronized (this) {
            long bytes = Math.min(total, read.values().stream().mapToLong(Long::longValue).sum());
            int percent = phase.isEmpty() ? (total <= 0 ? 0 : (int) (bytes * 90 / total)) : 95;
            try {
                context.progress(percent, done.get() + " of " + layers + " layers, " + bytes + " of " + total
                        + " bytes" + phase);
            } catch (RuntimeException e) {
                // Progress is for watchers; the X-ray goes on without it.
                LOG.warn("Cannot record the progress of job {}: {}", context.id(), e.getMessage());
            }
        }
    }
}
