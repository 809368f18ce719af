package io.whittle.xray.fs;

import io.whittle.xray.scan.LayerEntry;
import io.whittle.xray.scan.LayerEntry.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whittle's own waste figures, beside dive's: what squashing the layers would really save, and visible files
 * stored more than once.
 */
public final class Waste {
    private Waste() {
    }

    public static WasteReport compute(MergedTree tree) {
        Layers layers = tree.layers();
        TreeState state = tree.state();
        PathTable paths = layers.paths();

        // A version a visible hard link still names is on disk after a squash, whatever its own path shows.
        Set<Long> linked = new HashSet<>();
        List<Integer> files = new ArrayList<>();
        tree.walk(PathTable.ROOT, node -> {
            if (state.entryOf[node] == TreeState.IMPLIED) {
                return;
            }
            LayerEntry e = layers.entry(state.layerOf[node], state.entryOf[node]);
            if (e.kind() == Kind.HARDLINK) {
                linked.add(layers.linkTarget(Layers.version(state.layerOf[node], state.entryOf[node])));
            } else if (e.kind() == Kind.FILE && e.size() > 0) {
                files.add(node);
            }
        });

        long reclaimable = 0;
        for (int l = 0; l < layers.count(); l++) {
            List<LayerEntry> entries = layers.entries(l);
            int[] nodes = layers.nodes(l);
            for (int i = 0; i < nodes.length; i++) {
                LayerEntry e = entries.get(i);
                if (e.kind() != Kind.FILE || e.size() == 0) {
                    continue;
                }
                boolean shown = state.layerOf[nodes[i]] == l && state.entryOf[nodes[i]] == i;
                if (!shown && !linked.contains(Layers.version(l, i))) {
                    reclaimable += e.size();
                }
            }
        }

        // Sorting plain values keeps this quick for 100,000s of files.
        Version[] versions = new Version[files.size()];
        for (int k = 0; k < versions.length; k++) {
            LayerEntry e = entry(layers, state, files.get(k));
            versions[k] = new Version(e.size(), e.contentKey(), k, files.get(k));
        }
        java.util.Arrays.sort(versions);
        List<DuplicateGroup> groups = new ArrayList<>();
        long duplicateBytes = 0;
        for (int from = 0; from < versions.length; ) {
            int to = from + 1;
            while (to < versions.length && versions[to].sameContent(versions[from])) {
                to++;
            }
            if (to - from >= 2) {
                List<String> names = new ArrayList<>();
                for (int k = from; k < to; k++) {
                    names.add(paths.path(versions[k].node()));
                }
                long size = versions[from].size();
                DuplicateGroup g = new DuplicateGroup(size, versions[from].key(), names, size * (to - from - 1));
                groups.add(g);
                duplicateBytes += g.wastedBytes();
            }
            from = to;
        }
        groups.sort(Comparator.comparingLong(DuplicateGroup::wastedBytes).reversed()
                .thenComparing(Comparator.comparingLong(DuplicateGroup::size).reversed())
                .thenComparing(g -> g.paths().get(0), Names::compare));
        return new WasteReport(reclaimable, duplicateBytes, groups);
    }

    /** A visible file by content, then tree order. */
    private record Version(long size, long key, int order, int node) implements Comparable<Version> {
        @Override
        public int compareTo(Version o) {
            int c = Long.compare(size, o.size);
            if (c == 0) {
                c = Long.compare(key, o.key);
            }
            return c != 0 ? c : Integer.compare(order, o.order);
        }

        boolean sameContent(Version o) {
            return size == o.size && key == o.key;
        }
    }

    private static LayerEntry entry(Layers layers, TreeState state, int node) {
        return layers.entry(state.layerOf[node], state.entryOf[node]);
    }
}
