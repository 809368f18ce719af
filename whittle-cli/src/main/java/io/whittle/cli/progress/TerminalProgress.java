package io.whittle.cli.progress;

import io.whittle.cli.Sizes;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.transfer.BlobOutcome;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress on a terminal: one bar per blob in flight and a total line with bytes per second, redrawn in
 * place with ANSI cursor moves about eight times a second. Finished blobs scroll up as permanent lines.
 */
public final class TerminalProgress implements ProgressDisplay {
    private static final int BAR_WIDTH = 30;
    private static final int MAX_BARS = 8;
    private static final long FRAME_MILLIS = 125;

    private final PrintWriter err;
    private final CopyTally tally = new CopyTally();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<Long, Bar> active = new ConcurrentSkipListMap<>();
    private final Map<Digest, Long> keys = new java.util.concurrent.ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> finished = new ConcurrentLinkedQueue<>();
    private final AtomicLong inFlightBytes = new AtomicLong();
    private final Thread painter;
    private int frameHeight;
    private volatile boolean closed;

    private record Bar(Descriptor blob, AtomicLong sent) {
    }

    public TerminalProgress(PrintWriter err) {
        this.err = err;
        this.painter = Thread.ofPlatform().daemon().name("whittle-progress").unstarted(this::paintLoop);
        painter.start();
    }

    @Override
    public void planned(List<Descriptor> blobs) {
        tally.planned(blobs);
    }

    @Override
    public void blobStarted(Descriptor blob) {
        tally.blobStarted(blob);
        long key = sequence.incrementAndGet();
        if (keys.putIfAbsent(blob.digest(), key) == null) {
            active.put(key, new Bar(blob, new AtomicLong()));
        }
    }

    @Override
    public void blobProgress(Descriptor blob, long bytes) {
        tally.blobProgress(blob, bytes);
        Long key = keys.get(blob.digest());
        Bar bar = key == null ? null : active.get(key);
        if (bar != null) {
            bar.sent.addAndGet(bytes);
            inFlightBytes.addAndGet(bytes);
        }
    }

    @Override
    public void blobFinished(Descriptor blob, BlobOutcome outcome) {
        tally.blobFinished(blob, outcome);
        Long key = keys.get(blob.digest());
        Bar bar = key == null ? null : active.remove(key);
        if (bar != null) {
            inFlightBytes.addAndGet(-bar.sent.get());
        }
        finished.add("  " + blob.digest().shortForm() + "  " + pad(Sizes.human(blob.size()), 9) + "  "
                + PlainProgress.describe(outcome));
    }

    @Override
    public void manifestWritten(Descriptor manifest, Optional<String> tag) {
        tally.manifestWritten(manifest, tag);
        finished.add("  manifest " + manifest.digest().shortForm() + tag.map(t -> " tagged " + t).orElse("")
                + " written");
    }

    @Override
    public void manifestPresent(Descriptor manifest, Optional<String> tag) {
        finished.add("  manifest " + manifest.digest().shortForm() + tag.map(t -> " tagged " + t).orElse("")
                + " already there");
    }

    @Override
    public CopyTally tally() {
        return tally;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        painter.interrupt();
        try {
            painter.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        paint(true);
    }

    private void paintLoop() {
        while (!closed) {
            paint(false);
            try {
                Thread.sleep(FRAME_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Draws one frame now (the painter thread does this on its own; tests call it to be independent of time). */
    void drawFrame() {
        paint(false);
    }

    private synchronized void paint(boolean last) {
        StringBuilder out = new StringBuilder();
        if (frameHeight > 0) {
            // Back to the top of the previous frame, at column 0.
            out.append("\r\u001b[").append(frameHeight).append('A');
        }
        String line;
        while ((line = finished.poll()) != null) {
            out.append("\u001b[2K").append(line).append('\n');
        }
        List<String> frame = new ArrayList<>();
        if (!last) {
            int shown = 0;
            for (Bar bar : active.values()) {
                if (shown++ == MAX_BARS) {
                    frame.add("  … and " + (active.size() - MAX_BARS) + " more");
                    break;
                }
                frame.add("  " + bar.blob.digest().shortForm() + "  " + bar(bar.sent.get(), bar.blob.size()) + "  "
                        + Sizes.human(bar.sent.get()) + " / " + Sizes.human(bar.blob.size()));
            }
        }
        frame.add(total());
        for (String f : frame) {
            out.append("\u001b[2K").append(f).append('\n');
        }
        // Lines of an earlier, taller frame that this one no longer covers.
        int stale = frameHeight - frame.size();
        for (int i = 0; i < stale; i++) {
            out.append("\u001b[2K\n");
        }
        if (stale > 0) {
            out.append("\u001b[").append(stale).append('A');
        }
        frameHeight = frame.size();
        synchronized (err) {
            err.print(out);
            err.flush();
        }
    }

    private String total() {
        long planned = tally.bytesPlanned();
        long done = tally.bytesDone() + inFlightBytes.get();
        double seconds = Math.max(tally.seconds(), 0.001);
        String rate = Sizes.human((long) (tally.bytesSent() / seconds)) + "/s";
        return bar(done, planned) + " " + tally.blobsFinished() + "/" + tally.blobsPlanned() + " blobs  "
                + Sizes.human(done) + " / " + Sizes.human(planned) + "  " + rate + "  " + Sizes.seconds(seconds) + "s";
    }

    private static String bar(long done, long total) {
        int filled = total <= 0 ? BAR_WIDTH : (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
        return "[" + "=".repeat(filled) + (filled < BAR_WIDTH ? ">" + " ".repeat(BAR_WIDTH - filled - 1) : "") + "]";
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
