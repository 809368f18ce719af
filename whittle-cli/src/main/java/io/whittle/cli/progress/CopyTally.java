package io.whittle.cli.progress;

import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.transfer.BlobOutcome;
import io.whittle.oci.transfer.CopyListener;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what a copy did: blobs planned, and per outcome; bytes sent; manifests written. The displays read
 * it, and the copy summary reports it.
 */
public final class CopyTally implements CopyListener {
    private final Map<Digest, Long> planned = new ConcurrentHashMap<>();
    private final Map<Digest, BlobOutcome> outcomes = new ConcurrentHashMap<>();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesDone = new AtomicLong();
    private final AtomicLong manifests = new AtomicLong();
    private final long startNanos = System.nanoTime();

    @Override
    public void planned(java.util.List<Descriptor> blobs) {
        blobs.forEach(b -> planned.putIfAbsent(b.digest(), b.size()));
    }

    @Override
    public void blobStarted(Descriptor blob) {
        planned.putIfAbsent(blob.digest(), blob.size());
    }

    @Override
    public void blobProgress(Descriptor blob, long bytes) {
        bytesSent.addAndGet(bytes);
    }

    @Override
    public void blobFinished(Descriptor blob, BlobOutcome outcome) {
        planned.putIfAbsent(blob.digest(), blob.size());
        if (outcomes.putIfAbsent(blob.digest(), outcome) == null) {
            bytesDone.addAndGet(blob.size());
        }
    }

    @Override
    public void manifestWritten(Descriptor manifest, Optional<String> tag) {
        manifests.incrementAndGet();
    }

    public int blobsPlanned() {
        return planned.size();
    }

    public long bytesPlanned() {
        return planned.values().stream().mapToLong(Long::longValue).sum();
    }

    public int blobsFinished() {
        return outcomes.size();
    }

    public long count(BlobOutcome outcome) {
        return outcomes.values().stream().filter(outcome::equals).count();
    }

    /** Blob bytes actually sent to the target (skipped and mounted blobs send none). */
    public long bytesSent() {
        return bytesSent.get();
    }

    /** Bytes of blobs that are done, whatever their outcome: what the progress bar fills with. */
    public long bytesDone() {
        return bytesDone.get();
    }

    public long manifestsWritten() {
        return manifests.get();
    }

    public double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
