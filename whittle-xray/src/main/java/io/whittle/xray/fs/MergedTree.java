package io.whittle.xray.fs;

import io.whittle.xray.scan.LayerEntry;
import io.whittle.xray.scan.LayerEntry.Kind;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.LayerScan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The merged root file system of layers applied in order, as the image-spec says and {@code umoci unpack}
 * does it: whiteouts and opaque markers reach lower layers only, wherever they stand in the tar; an entry
 * replaces what was at its path (a directory over a directory only changes attributes). Paths are stored once
 * in a compact table and point at the layer entries they come from, so the tree costs a few int arrays beyond
 * the scans themselves. Once merged it is read-only and safe to share between threads.
 *
 * <p>Directories no entry names are implied, as umoci's {@code mkdir -p} makes them: mode 0755, owner 0:0.
 * A hard link is listed with {@link Kind#HARDLINK} and its target path, but with the size, mode, owner and
 * content of the file it pointed at when its layer was applied, since on disk it is that file.
 */
public final class MergedTree {
    /** Mode of a directory no tar entry names ({@code mkdir -p} under the usual umask 022). */
    static final int IMPLIED_MODE = 0755;

    private final Layers layers;
    private final TreeState state;
    private final long[][] changes;
    private final TreeStats stats;

    private MergedTree(Layers layers, TreeState state, long[][] changes) {
        this.layers = layers;
        this.state = state;
        this.changes = changes;
        this.stats = computeStats();
    }

    public static MergedTree merge(List<LayerScan> layers) {
        Layers all = new Layers(layers);
        all.paths().freeze();
        TreeState state = new TreeState(all);
        long[][] changes = new long[all.count()][];
        for (int l = 0; l < all.count(); l++) {
            state.apply(l);
            changes[l] = changeCounts(all, state, l);
        }
        state.forgetChanges();
        return new MergedTree(all, state, changes);
    }

    public Optional<MergedFile> get(String path) {
        int node = layers.paths().find(path);
        if (node <= PathTable.ROOT || !state.present(node)) {
            return Optional.empty();
        }
        return Optional.of(file(node));
    }

    /** Whether the visible version of {@code path} comes from layer {@code layer}. */
    public boolean visible(int layer, String path) {
        int node = layers.paths().find(path);
        return node > PathTable.ROOT && state.present(node) && state.layerOf[node] == layer;
    }

    /**
     * What the layers' content scanners found in files still visible in the merged file system, layer by layer: a
     * package database or a key that a later layer replaced or deleted is not the image's.
     */
    public List<Evidence> visibleEvidence() {
        List<Evidence> out = new ArrayList<>();
        for (int l = 0; l < layers.count(); l++) {
            for (Evidence e : layers.scan(l).evidence()) {
                if (visible(l, e.path())) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /** The children of a directory ({@code ""} is the root), sorted by name. */
    public List<MergedFile> children(String directory) {
        int node = layers.paths().find(directory);
        List<MergedFile> out = new ArrayList<>();
        if (node < 0 || !state.isDirectory(node)) {
            return out;
        }
        PathTable paths = layers.paths();
        for (int i = 0; i < paths.childCount(node); i++) {
            int c = paths.child(node, i);
            if (state.present(c)) {
                out.add(file(c));
            }
        }
        return out;
    }

    /** Every path, depth first, parents before children, siblings by name. */
    public void forEach(Consumer<MergedFile> action) {
        walk(PathTable.ROOT, node -> action.accept(file(node)));
    }

    /** How many files, directories and links the merged tree holds, and the bytes of its files. */
    public TreeStats stats() {
        return stats;
    }

    /** The {@code n} largest regular files (hard links left out: they share a file's bytes), biggest first. */
    public List<MergedFile> largestFiles(int n) {
        PriorityQueue<int[]> top = new PriorityQueue<>(Comparator.comparingLong((int[] a) -> entry(a[0]).size()));
        walk(PathTable.ROOT, node -> {
            if (state.entryOf[node] != TreeState.IMPLIED && entry(node).kind() == Kind.FILE) {
                top.add(new int[] {node});
                if (top.size() > n) {
                    top.poll();
                }
            }
        });
        List<MergedFile> out = new ArrayList<>();
        while (!top.isEmpty()) {
            out.add(file(top.poll()[0]));
        }
        out.sort(Comparator.comparingLong(MergedFile::size).reversed().thenComparing(MergedFile::path));
        return out;
    }

    /** For each layer: what it added, modified and removed, and its {@code topN} largest files. */
    public List<LayerChanges> layerChanges(int topN) {
        List<LayerChanges> out = new ArrayList<>();
        for (int l = 0; l < changes.length; l++) {
            long[] c = changes[l];
            out.add(new LayerChanges(l, c[0], c[1], c[2], c[3], c[4], c[5], largestEntries(l, topN)));
        }
        return out;
    }

    /** The tree after layers 0 to {@code layer}, with what that layer changed marked. */
    public LayerView view(int layer) {
        if (layer < 0 || layer >= layers.count()) {
            throw new IllegalArgumentException("layer " + layer + " does not exist: the image has " + layers.count()
                    + " layers, numbered from 0");
        }
        return new LayerView(layers, layer);
    }

    /** The number of layers merged. */
    public int layerCount() {
        return layers.count();
    }

    Layers layers() {
        return layers;
    }

    TreeState state() {
        return state;
    }

    private LayerEntry entry(int node) {
        return layers.entry(state.layerOf[node], state.entryOf[node]);
    }

    private MergedFile file(int node) {
        return describe(layers, layers.paths().path(node), state.layerOf[node], state.entryOf[node]);
    }

    /** A path's version as the merged view shows it (hard links as the file they point at). */
    static MergedFile describe(Layers layers, String path, int layer, int entryIndex) {
        if (entryIndex == TreeState.IMPLIED) {
            return new MergedFile(path, Kind.DIRECTORY, 0, IMPLIED_MODE, 0, 0, "", layer, 0);
        }
        LayerEntry e = layers.entry(layer, entryIndex);
        if (e.kind() == Kind.HARDLINK) {
            long target = layers.linkTarget(Layers.version(layer, entryIndex));
            if (target != Layers.MISSING) {
                LayerEntry t = layers.entry(Layers.layerOf(target), Layers.entryOf(target));
                return new MergedFile(path, Kind.HARDLINK, t.size(), t.mode(), t.uid(), t.gid(), e.linkTarget(), layer,
                        t.contentKey());
            }
        }
        return new MergedFile(path, e.kind(), e.size(), e.mode(), e.uid(), e.gid(), e.linkTarget(), layer,
                e.contentKey());
    }

    /** Visits present nodes below {@code node} depth first, parents first, siblings by name. */
    void walk(int node, IntConsumer action) {
        PathTable paths = layers.paths();
        int[] stack = new int[64];
        int top = 0;
        for (int i = paths.childCount(node) - 1; i >= 0; i--) {
            stack = push(stack, top++, paths.child(node, i));
        }
        while (top > 0) {
            int n = stack[--top];
            if (!state.present(n)) {
                continue;
            }
            action.accept(n);
            for (int i = paths.childCount(n) - 1; i >= 0; i--) {
                stack = push(stack, top++, paths.child(n, i));
            }
        }
    }

    static int[] push(int[] stack, int at, int value) {
        int[] s = at == stack.length ? Arrays.copyOf(stack, at * 2) : stack;
        s[at] = value;
        return s;
    }

    private List<LayerEntry> largestEntries(int layer, int n) {
        PriorityQueue<LayerEntry> top = new PriorityQueue<>(Comparator.comparingLong(LayerEntry::size));
        for (LayerEntry e : layers.entries(layer)) {
            if (e.kind() == Kind.FILE && n > 0) {
                top.add(e);
                if (top.size() > n) {
                    top.poll();
                }
            }
        }
        List<LayerEntry> out = new ArrayList<>(top);
        out.sort(Comparator.comparingLong(LayerEntry::size).reversed().thenComparing(LayerEntry::path));
        return out;
    }

    /** Added, added bytes, modified, modified bytes, removed, removed bytes of the layer just applied. */
    private static long[] changeCounts(Layers layers, TreeState state, int layer) {
        long[] c = new long[6];
        for (int i = 0; i < state.touchedCount(); i++) {
            int node = state.touched(i);
            boolean before = state.touchedLayer(i) != TreeState.ABSENT;
            boolean after = state.present(node);
            if (!before && after) {
                c[0]++;
                c[1] += bytes(layers, state.layerOf[node], state.entryOf[node]);
            } else if (before && after && state.layerOf[node] == layer) {
                c[2]++;
                c[3] += bytes(layers, state.layerOf[node], state.entryOf[node]);
            } else if (before && !after) {
                c[4]++;
                c[5] += bytes(layers, state.touchedLayer(i), state.touchedEntry(i));
            }
        }
        return c;
    }

    /** Bytes a version stores: a regular file's size; links, directories and devices store none. */
    static long bytes(Layers layers, int layer, int entryIndex) {
        if (entryIndex == TreeState.IMPLIED) {
            return 0;
        }
        LayerEntry e = layers.entry(layer, entryIndex);
        return e.kind() == Kind.FILE ? e.size() : 0;
    }

    private TreeStats computeStats() {
        long[] c = new long[6];
        walk(PathTable.ROOT, node -> {
            Kind kind = state.entryOf[node] == TreeState.IMPLIED ? Kind.DIRECTORY : entry(node).kind();
            switch (kind) {
                case FILE -> {
                    c[0]++;
                    c[5] += entry(node).size();
                }
                case HARDLINK -> c[1]++;
                case DIRECTORY -> c[2]++;
                case SYMLINK -> c[3]++;
                default -> c[4]++;
            }
        });
        return new TreeStats(c[0], c[1], c[2], c[3], c[4], c[5]);
    }
}
