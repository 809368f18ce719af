package io.whittle.xray.scan;

import io.whittle.oci.Layer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Scans an image's layers in parallel, reading cached scans instead where it can. */
public final class ImageScanner {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final LayerScanner scanner;
    private final LayerCache cache;
    private final int parallelism;

    public ImageScanner(LayerScanner scanner, LayerCache cache, int parallelism) {
        this.scanner = Objects.requireNonNull(scanner, "scanner");
        this.cache = Objects.requireNonNull(cache, "cache");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        this.parallelism = parallelism;
    }

    /** One scan per layer, in layer order; the first failure cancels the rest and is thrown. */
    public List<LayerScan> scanAll(List<Layer> layers, ScanListener listener) throws IOException {
        Objects.requireNonNull(listener, "listener");
        if (layers.isEmpty()) {
            return List.of();
        }
        String fingerprint = scanner.fingerprint();
        AtomicBoolean cancelled = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, layers.size()), threads());
        try {
            ExecutorCompletionService<LayerScan> done = new ExecutorCompletionService<>(pool);
            // Biggest blobs first: a big layer started last would keep one core busy while the others idle.
            Integer[] order = new Integer[layers.size()];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, Comparator.comparingLong((Integer i) -> layers.get(i).size()).reversed());
            List<Future<LayerScan>> futures = new ArrayList<>(Collections.nCopies(layers.size(), null));
            for (int index : order) {
                Layer layer = layers.get(index);
                futures.set(index, done.submit(() -> scanOne(index, layer, fingerprint, listener, cancelled)));
            }
            for (int i = 0; i < layers.size(); i++) {
                Future<LayerScan> f = done.take();
                try {
                    f.get();
                } catch (ExecutionException e) {
                    cancelled.set(true);
                    futures.forEach(other -> other.cancel(true));
                    throw rethrow(e.getCause());
                } catch (CancellationException e) {
                    // only cancelled after a failure, which was thrown already
                }
            }
            List<LayerScan> out = new ArrayList<>(layers.size());
            for (Future<LayerScan> f : futures) {
                out.add(f.resultNow());
            }
            return out;
        } catch (InterruptedException e) {
            cancelled.set(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the layer scan was interrupted");
        } finally {
            pool.shutdownNow();
            awaitQuietly(pool);
        }
    }

    private LayerScan scanOne(int index, Layer layer, String fingerprint, ScanListener listener,
                              AtomicBoolean cancelled) throws IOException {
        Optional<LayerScan> cached = cached(layer, fingerprint);
        if (cached.isPresent()) {
            listener.layerStarted(index, layer.size(), true);
            listener.layerDone(index, cached.get());
            return cached.get();
        }
        listener.layerStarted(index, layer.size(), false);
        LayerScan scan = scanner.scan(new ProgressLayer(layer, read -> listener.layerProgress(index, read),
                cancelled::get));
        try {
            cache.put(scan, fingerprint);
        } catch (IOException | RuntimeException e) {
            // The cache only saves time: a full disk or a read-only directory must not fail the X-ray.
        }
        listener.layerDone(index, scan);
        return scan;
    }

    private Optional<LayerScan> cached(Layer layer, String fingerprint) {
        try {
            // A scan cached for this blob under another diffID would hide a config that lies about the layer.
            return cache.get(layer.digest(), fingerprint).filter(s -> s.diffId().equals(layer.diffId()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static IOException rethrow(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IOException("a layer scan failed: " + cause, cause);
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            // Workers stop at their next read once cancelled; wait so none outlives the call.
            pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads() {
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "whittle-xray-" + pool + "-layer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
