package io.whittle.xray;

import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.Image;
import io.whittle.oci.ImageConfig;
import io.whittle.oci.ImageManifest;
import io.whittle.oci.Layer;
import io.whittle.xray.dockerfile.Dockerfile;
import io.whittle.xray.finding.Finding;
import io.whittle.xray.finding.Findings;
import io.whittle.xray.fs.DiveEfficiency;
import io.whittle.xray.fs.DiveFigures;
import io.whittle.xray.fs.DuplicateGroup;
import io.whittle.xray.fs.LayerChanges;
import io.whittle.xray.fs.MergedFile;
import io.whittle.xray.fs.MergedTree;
import io.whittle.xray.fs.TreeStats;
import io.whittle.xray.fs.Waste;
import io.whittle.xray.fs.WasteReport;
import io.whittle.xray.pkg.Catalogers;
import io.whittle.xray.pkg.OsRelease;
import io.whittle.xray.pkg.Package;
import io.whittle.xray.report.XrayReport;
import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.ImageScanner;
import io.whittle.xray.scan.LayerEntry;
import io.whittle.xray.scan.LayerScan;
import io.whittle.xray.scan.LayerScanner;
import io.whittle.xray.tar.TarAnomaly;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * X-rays one image: scans its layers (in parallel, cached), merges them, catalogs packages, applies the finding
 * rules and reconstructs the Dockerfile.
 */
public final class Xray {
    /** Entries listed in a report's "largest" lists. */
    static final int TOP = 10;
    /** dive's inefficiencies kept in a report (the figures count them all). */
    static final int INEFFICIENCIES = 100;

    private final XrayOptions options;

    public Xray(XrayOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * @param reference the reference as the user gave it, for the report
     * @param index     the index the image was picked from, if any
     */
    public XrayResult analyze(Image image, String reference, Optional<Digest> index, XrayListener listener)
            throws IOException {
        long started = System.nanoTime();
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ImageManifest manifest = image.manifest();
        ImageConfig config = image.config();
        List<Layer> layers = image.layers();

        List<ContentScanner> scanners = new ArrayList<>(Catalogers.scanners());
        scanners.addAll(Findings.scanners());
        LayerScanner scanner = new LayerScanner(options.limits(), scanners);
        AtomicInteger cached = new AtomicInteger();
        List<LayerScan> scans = new ImageScanner(scanner, options.cache(), options.parallelism())
                .scanAll(layers, new Counting(listener, cached));

        listener.phase("merge");
        MergedTree tree = MergedTree.merge(scans);
        // The merged tree is read-only from here: dive's figures and the waste are worked out on another core
        // while this thread catalogs packages and applies the finding rules.
        FutureTask<DiveFigures> diveTask = new FutureTask<>(() -> DiveEfficiency.compute(tree));
        FutureTask<WasteReport> wasteTask = new FutureTask<>(() -> Waste.compute(tree));
        Thread figures = Thread.ofPlatform().name("whittle-xray-figures").daemon().start(() -> {
            diveTask.run();
            wasteTask.run();
        });
        List<Evidence> visible = tree.visibleEvidence();
        List<TarAnomaly> anomalies = scans.stream().flatMap(s -> s.anomalies().stream()).toList();
        List<LayerChanges> changes = tree.layerChanges(TOP);

        listener.phase("packages");
        Optional<OsRelease> os = Catalogers.os(visible);
        List<Package> packages = Catalogers.packages(visible, os);

        listener.phase("findings");
        List<Finding> findings = Findings.of(config, tree, visible, anomalies);
        String dockerfile = Dockerfile.reconstruct(config);
        DiveFigures dive = result(diveTask, figures);
        WasteReport waste = result(wasteTask, figures);

        listener.phase("report");
        XrayReport report = new XrayReport(XrayReport.SCHEMA,
                imageInfo(reference, manifest, index, config),
                configInfo(config),
                sizes(manifest, scans),
                layerInfos(scans, changes, createdBy(config, scans.size())),
                efficiency(dive, waste),
                filesInfo(tree),
                os, packages, findings, dockerfile,
                waste.duplicates().stream().map(Xray::duplicate).toList(),
                new XrayReport.Analysis(options.whittleVersion(), at.toString(),
                        (System.nanoTime() - started) / 1_000_000, scans.size() - cached.get(), cached.get()));
        return new XrayResult(report, scans, tree);
    }

    /** The figure a task worked out, its failure rethrown as this thread's. */
    private static <T> T result(FutureTask<T> task, Thread worker) throws IOException {
        try {
            return task.get();
        } catch (InterruptedException e) {
            worker.interrupt();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("the X-ray was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IOException("working out the image's figures failed: " + e.getCause(), e.getCause());
        }
    }

    private static XrayReport.ImageInfo imageInfo(String reference, ImageManifest manifest, Optional<Digest> index,
                                                  ImageConfig config) {
        return new XrayReport.ImageInfo(reference, manifest.digest().toString(), index.map(Digest::toString),
                config.platform().toString(), manifest.mediaType(), config.created());
    }

    private static XrayReport.ConfigInfo configInfo(ImageConfig config) {
        ImageConfig.RunConfig c = config.config();
        return new XrayReport.ConfigInfo(c.user().filter(u -> !u.isEmpty()), c.entrypoint(), c.cmd(), c.env(),
                c.workingDir().filter(w -> !w.isEmpty()), c.exposedPorts(), c.volumes(),
                new java.util.TreeMap<>(c.labels()), c.healthcheck(), c.stopSignal());
    }

    private static XrayReport.Sizes sizes(ImageManifest manifest, List<LayerScan> scans) {
        long compressed = manifest.layers().stream().mapToLong(Descriptor::size).sum();
        long content = scans.stream().mapToLong(LayerScan::contentBytes).sum();
        long tar = scans.stream().mapToLong(LayerScan::tarBytes).sum();
        return new XrayReport.Sizes(compressed, content, tar, manifest.config().size(), manifest.raw().length);
    }

    /**
     * The instruction of each layer: history entries that made a layer ({@code empty_layer} not set), in order,
     * one per layer; layers beyond the history get none.
     */
    static List<String> createdBy(ImageConfig config, int layers) {
        List<String> out = new ArrayList<>(layers);
        for (ImageConfig.History h : config.history()) {
            if (!h.emptyLayer() && out.size() < layers) {
                out.add(h.createdBy().orElse(""));
            }
        }
        while (out.size() < layers) {
            out.add("");
        }
        return out;
    }

    private static List<XrayReport.LayerInfo> layerInfos(List<LayerScan> scans, List<LayerChanges> changes,
                                                         List<String> createdBy) {
        List<XrayReport.LayerInfo> out = new ArrayList<>(scans.size());
        for (int i = 0; i < scans.size(); i++) {
            LayerScan s = scans.get(i);
            LayerChanges c = changes.get(i);
            List<XrayReport.SizedPath> largest = new ArrayList<>();
            for (LayerEntry e : c.largest()) {
                largest.add(new XrayReport.SizedPath(absolute(e.path()), e.size()));
            }
            out.add(new XrayReport.LayerInfo(i, s.digest().toString(), s.diffId().toString(), s.mediaType(),
                    s.contentBytes(), s.compressedSize(), createdBy.get(i),
                    new XrayReport.Change(c.added(), c.addedBytes()),
                    new XrayReport.Change(c.modified(), c.modifiedBytes()),
                    new XrayReport.Change(c.removed(), c.removedBytes()), largest));
        }
        return out;
    }

    private static XrayReport.Efficiency efficiency(DiveFigures dive, WasteReport waste) {
        List<XrayReport.Inefficiency> top = dive.inefficiencies().stream().limit(INEFFICIENCIES)
                .map(i -> new XrayReport.Inefficiency(absolute(i.path()), i.count(), i.cumulativeSize())).toList();
        // dive divides by zero for a single-layer image (NaN, which JSON cannot hold); 0 says the same: no waste.
        double userWasted = Double.isFinite(dive.userWastedPercent()) ? dive.userWastedPercent() : 0.0;
        return new XrayReport.Efficiency(dive.efficiency(), dive.wastedBytes(), userWasted, waste.reclaimableBytes(),
                waste.duplicateBytes(), top);
    }

    private static XrayReport.FilesInfo filesInfo(MergedTree tree) {
        TreeStats s = tree.stats();
        List<XrayReport.SizedPath> largest = new ArrayList<>();
        for (MergedFile f : tree.largestFiles(TOP)) {
            largest.add(new XrayReport.SizedPath(absolute(f.path()), f.size()));
        }
        return new XrayReport.FilesInfo(s.files() + s.hardLinks() + s.others(), s.bytes(), s.dirs(), s.symlinks(),
                largest);
    }

    private static XrayReport.Duplicate duplicate(DuplicateGroup g) {
        return new XrayReport.Duplicate(g.size(), g.paths().stream().map(Xray::absolute).toList(), g.wastedBytes());
    }

    static String absolute(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }

    /** Passes the scan events on and counts the layers that came from the cache. */
    private record Counting(XrayListener listener, AtomicInteger cached) implements io.whittle.xray.scan.ScanListener {
        @Override
        public void layerStarted(int index, long compressedSize, boolean fromCache) {
            if (fromCache) {
                cached.incrementAndGet();
            }
            listener.layerStarted(index, compressedSize, fromCache);
        }

        @Override
        public void layerProgress(int index, long bytesRead) {
            listener.layerProgress(index, bytesRead);
        }

        @Override
        public void layerDone(int index, LayerScan scan) {
            listener.layerDone(index, scan);
        }
    }
}
