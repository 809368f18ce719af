package io.whittle.cli.xray;

import io.whittle.cli.Sizes;
import io.whittle.xray.XrayListener;
import io.whittle.xray.scan.LayerScan;
import java.io.PrintWriter;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One status line on a terminal, redrawn in place while the layers stream and the phases after them run, and
 * wiped at the end so that the report starts on a clean screen. Off a terminal it prints nothing: the report is
 * the output.
 */
abstract class XrayProgress implements XrayListener, AutoCloseable {

    static XrayProgress on(PrintWriter err, boolean terminal) {
        return terminal ? new Line(err) : new Silent();
    }

    @Override
    public abstract void close();

    private static final class Silent extends XrayProgress {
        @Override
        public void close() {
        }
    }

    private static final class Line extends XrayProgress {
        /** Redraws at most this often: a fast layer reports progress thousands of times a second. */
        private static final long REDRAW_NANOS = 100_000_000L;

        private final PrintWriter err;
        private final ConcurrentHashMap<Integer, Long> read = new ConcurrentHashMap<>();
        private final AtomicInteger started = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private final AtomicInteger cached = new AtomicInteger();
        private volatile String phase = "reading layers";
        private long lastDraw;
        private boolean drawn;

        Line(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void layerStarted(int index, long compressedSize, boolean fromCache) {
            started.incrementAndGet();
            if (fromCache) {
                cached.incrementAndGet();
            }
            draw(false);
        }

        @Override
        public void layerProgress(int index, long bytesRead) {
            read.put(index, bytesRead);
            draw(false);
        }

        @Override
        public void layerDone(int index, LayerScan scan) {
            done.incrementAndGet();
            draw(true);
        }

        @Override
        public void phase(String name) {
            phase = name;
            draw(true);
        }

        private synchronized void draw(boolean now) {
            long t = System.nanoTime();
            if (!now && drawn && t - lastDraw < REDRAW_NANOS) {
                return;
            }
            lastDraw = t;
            drawn = true;
            long bytes = read.values().stream().mapToLong(Long::longValue).sum();
            err.print("\r\033[2KX-ray: " + done.get() + " layers done (" + cached.get() + " cached), "
                    + Sizes.human(bytes) + " read · " + phase);
            err.flush();
        }

        @Override
        public synchronized void close() {
            if (drawn) {
                err.print("\r\033[2K");
                err.flush();
            }
        }
    }
}
