package io.whittle.xray.fs;

import io.whittle.xray.scan.LayerEntry;
import io.whittle.xray.scan.LayerScan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The layers' entries tied to path nodes: for each layer, the node of each entry (so replaying a layer never
 * parses a path again), and what each hard link entry stood for when it was applied. Entries are not copied;
 * the scans keep them.
 */
final class Layers {
    static final long MISSING = -1L;

    private final List<LayerScan> scans;
    private final PathTable paths = new PathTable();
    private final int[][] nodes;
    private final Map<Long, Long> links = new HashMap<>();

    Layers(List<LayerScan> scans) {
        this.scans = List.copyOf(scans);
        nodes = new int[this.scans.size()][];
        for (int l = 0; l < nodes.length; l++) {
            List<LayerEntry> entries = this.scans.get(l).entries();
            int[] n = new int[entries.size()];
            for (int i = 0; i < n.length; i++) {
                n[i] = paths.intern(entries.get(i).path());
            }
            nodes[l] = n;
        }
    }

    /** A layer and entry index packed into one value; entry -1 is an implied directory. */
    static long version(int layer, int entry) {
        return ((long) layer << 32) | (entry & 0xFFFFFFFFL);
    }

    static int layerOf(long version) {
        return (int) (version >> 32);
    }

    static int entryOf(long version) {
        return (int) version;
    }

    int count() {
        return scans.size();
    }

    LayerScan scan(int layer) {
        return scans.get(layer);
    }

    List<LayerScan> scans() {
        return scans;
    }

    PathTable paths() {
        return paths;
    }

    List<LayerEntry> entries(int layer) {
        return scans.get(layer).entries();
    }

    int[] nodes(int layer) {
        return nodes[layer];
    }

    LayerEntry entry(int layer, int entry) {
        return scans.get(layer).entries().get(entry);
    }

    /** The file version a hard link entry points at, or {@link #MISSING}. */
    long linkTarget(long linkVersion) {
        return links.getOrDefault(linkVersion, MISSING);
    }

    /**
     * Records what a hard link points at as it is applied: the version then at its target path, followed
     * through links to links. Replays apply the same layers in the same order, so the first answer stands.
     */
    void resolveLink(int layer, int entry, TreeState state) {
        long key = version(layer, entry);
        if (links.containsKey(key)) {
            return;
        }
        int target = paths.find(entry(layer, entry).linkTarget());
        long resolved = MISSING;
        if (target >= 0 && state.present(target) && !state.isDirectory(target)) {
            resolved = state.contentVersion(target);
        }
        links.put(key, resolved);
    }
}
