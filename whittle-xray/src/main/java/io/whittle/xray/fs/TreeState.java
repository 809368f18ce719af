package io.whittle.xray.fs;

import io.whittle.xray.scan.LayerEntry;
import io.whittle.xray.scan.LayerEntry.Kind;
import java.util.Arrays;
import java.util.List;

/**
 * The root file system while layers are applied one by one: for every node, which layer and entry its current
 * version comes from. Applying a layer follows the image-spec as {@code umoci unpack} does it: entries in
 * tar order, whiteouts and opaque markers deleting only what this layer has not written itself (so they reach
 * lower layers only, wherever they stand), a directory this layer wrote under keeping its attributes. A node
 * with no entry of its own (a parent no tar entry names) is an implied directory, as umoci's {@code mkdir -p}
 * makes it. The first change to each node within a layer is remembered, so callers can tell what the layer
 * added, modified and removed.
 */
final class TreeState {
    static final int ABSENT = -1;
    static final int IMPLIED = -1;

    private final Layers layers;
    private final PathTable paths;
    final int[] layerOf;
    final int[] entryOf;
    private final int[] touchStamp;
    /** Stamps the paths the current layer has written and their parents, as umoci's "upper paths". */
    private final int[] upperStamp;
    private int[] touched = new int[64];
    private int[] touchedLayer = new int[64];
    private int[] touchedEntry = new int[64];
    private int touchedCount;
    private int current = -1;

    TreeState(Layers layers) {
        this.layers = layers;
        this.paths = layers.paths();
        int n = paths.size();
        layerOf = new int[n];
        entryOf = new int[n];
        Arrays.fill(layerOf, ABSENT);
        layerOf[PathTable.ROOT] = Integer.MIN_VALUE;
        entryOf[PathTable.ROOT] = IMPLIED;
        touchStamp = new int[n];
        upperStamp = new int[n];
    }

    boolean present(int node) {
        return layerOf[node] != ABSENT;
    }

    boolean isDirectory(int node) {
        return present(node) && (entryOf[node] == IMPLIED
                || layers.entry(layerOf[node], entryOf[node]).kind() == Kind.DIRECTORY);
    }

    /** Nodes changed by the last {@link #apply}, each once, with the version they had before it. */
    int touchedCount() {
        return touchedCount;
    }

    int touched(int i) {
        return touched[i];
    }

    int touchedLayer(int i) {
        return touchedLayer[i];
    }

    int touchedEntry(int i) {
        return touchedEntry[i];
    }

    /** Lets go of the change list once nobody will ask for it again. */
    void forgetChanges() {
        touched = new int[0];
        touchedLayer = new int[0];
        touchedEntry = new int[0];
        touchedCount = 0;
    }

    /** Applies one layer; layers must be applied in order from 0. */
    void apply(int layer) {
        current = layer;
        touchedCount = 0;
        List<LayerEntry> entries = layers.entries(layer);
        int[] nodes = layers.nodes(layer);
        for (int i = 0; i < nodes.length; i++) {
            LayerEntry e = entries.get(i);
            int node = nodes[i];
            if (e.kind() == Kind.OPAQUE) {
                if (isDirectory(node)) {
                    for (int c = paths.firstChild(node); c >= 0; c = paths.nextSibling(c)) {
                        removeLower(c);
                    }
                }
                continue;
            }
            if (e.kind() == Kind.WHITEOUT) {
                if (node != PathTable.ROOT) {
                    removeLower(node);
                }
                continue;
            }
            if (node == PathTable.ROOT) {
                continue;
            }
            ensureParents(paths.parent(node));
            if (e.kind() == Kind.HARDLINK) {
                layers.resolveLink(layer, i, this);
            }
            if (present(node) && !(e.kind() == Kind.DIRECTORY && isDirectory(node))) {
                // Anything but a directory over a directory clobbers the old path, children and all.
                for (int c = paths.firstChild(node); c >= 0; c = paths.nextSibling(c)) {
                    removeSubtree(c);
                }
            }
            set(node, layer, i);
            for (int n = node; n != PathTable.ROOT && upperStamp[n] != current + 1; n = paths.parent(n)) {
                upperStamp[n] = current + 1;
            }
        }
    }

    /**
     * What a whiteout or an opaque marker deletes: everything below that this layer has not written yet. A
     * path this layer wrote (or a directory above one) stays, as it is, and only its other children go; so
     * the markers reach lower layers only, wherever they stand in the tar.
     */
    private void removeLower(int node) {
        if (!present(node)) {
            return;
        }
        if (upperStamp[node] != current + 1) {
            removeSubtree(node);
            return;
        }
        for (int c = paths.firstChild(node); c >= 0; c = paths.nextSibling(c)) {
            removeLower(c);
        }
    }

    /** The version a hard link at this node stands for, or the node's own version. */
    long contentVersion(int node) {
        long v = Layers.version(layerOf[node], entryOf[node]);
        if (entryOf[node] != IMPLIED && layers.entry(layerOf[node], entryOf[node]).kind() == Kind.HARDLINK) {
            return layers.linkTarget(v);
        }
        return v;
    }

    private void ensureParents(int node) {
        if (node == PathTable.ROOT || isDirectory(node)) {
            return;
        }
        ensureParents(paths.parent(node));
        if (present(node)) {
            // umoci would fail on a file in the way; a runtime would too. Keep going with a directory instead.
            removeSubtree(node);
        }
        set(node, current, IMPLIED);
    }

    private void set(int node, int layer, int entry) {
        touch(node);
        layerOf[node] = layer;
        entryOf[node] = entry;
    }

    private void removeSubtree(int node) {
        if (!present(node)) {
            return;
        }
        touch(node);
        layerOf[node] = ABSENT;
        entryOf[node] = IMPLIED;
        for (int c = paths.firstChild(node); c >= 0; c = paths.nextSibling(c)) {
            removeSubtree(c);
        }
    }

    private void touch(int node) {
        if (touchStamp[node] == current + 1) {
            return;
        }
        touchStamp[node] = current + 1;
        if (touchedCount == touched.length) {
            int capacity = Math.max(64, touchedCount * 2);
            touched = Arrays.copyOf(touched, capacity);
            touchedLayer = Arrays.copyOf(touchedLayer, capacity);
            touchedEntry = Arrays.copyOf(touchedEntry, capacity);
        }
        touched[touchedCount] = node;
        touchedLayer[touchedCount] = layerOf[node];
        touchedEntry[touchedCount] = entryOf[node];
        touchedCount++;
    }
}
