package io.whittle.xray.fs;

import io.whittle.xray.scan.LayerEntry;
import io.whittle.xray.scan.LayerEntry.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Reproduces dive's {@code efficiency}, {@code wastedBytes}, {@code userWastedPercent} and inefficiency list
 * (wagoodman/dive {@code filetree/efficiency.go}, {@code image/analysis.go}), quirks included, so the numbers
 * match what users see in dive.
 *
 * <p>dive builds one tree per layer from its tar entries. A whiteout {@code .wh.x} stays a node of that name
 * and counts for path {@code x}; opaque markers are never added, though the directories above them are; parents
 * no entry names are added with empty attributes (not even marked as directories). Each layer's tree is walked
 * children first, siblings in byte order, and every leaf adds its size to its path's cumulative size. A whiteout
 * leaf weighs nothing unless the path it deletes is a directory in the layers below, stacked dive's way; then
 * it weighs that directory's subtree. When that path is not found below at all, dive's walk of the layer stops
 * there, and so does this one. Stacking follows dive too: whiteouts remove their target from the stack,
 * every other node is added or overwrites attributes in place, children kept, opaque markers ignored.
 */
public final class DiveEfficiency {
    private final Layers layers;
    private final PathTable paths;
    private final int[] inLayer;
    private final int[] whiteoutIn;
    private final int[] layerEntry;
    private final int[] stackLayer;
    private final int[] stackEntry;
    private final long[] cumulative;
    private final long[] minimum;
    private final int[] count;
    private final List<Integer> inefficient = new ArrayList<>();
    private int[] order = new int[1024];
    private int orderLength;
    private int stamp;
    private int layer;
    private boolean stopped;

    private DiveEfficiency(Layers layers) {
        this.layers = layers;
        this.paths = layers.paths();
        int n = paths.size();
        inLayer = new int[n];
        whiteoutIn = new int[n];
        layerEntry = new int[n];
        stackLayer = new int[n];
        stackEntry = new int[n];
        Arrays.fill(stackLayer, -1);
        cumulative = new long[n];
        minimum = new long[n];
        count = new int[n];
    }

    public static DiveFigures compute(MergedTree tree) {
        return new DiveEfficiency(tree.layers()).run();
    }

    private DiveFigures run() {
        for (layer = 0; layer < layers.count(); layer++) {
            stamp = layer + 1;
            build();
            stopped = false;
            orderLength = 0;
            walk(PathTable.ROOT);
            for (int i = 0; i < orderLength && !stopped; i++) {
                visit(order[i] >>> 2, (order[i] & 2) != 0, (order[i] & 1) != 0);
            }
            if (layer == 0) {
                // dive stacks onto a copy of the first layer's tree (then stacks that layer once more).
                for (int n = 1; n < paths.size(); n++) {
                    if (inLayer[n] == stamp) {
                        stackLayer[n] = 0;
                        stackEntry[n] = layerEntry[n];
                    }
                }
            }
            for (int i = 0; i < orderLength; i++) {
                stack(order[i] >>> 2, (order[i] & 2) != 0);
            }
        }
        long minimums = 0;
        long discovered = 0;
        for (int n = 0; n < paths.size(); n++) {
            if (count[n] > 0) {
                minimums += minimum[n];
                discovered += cumulative[n];
            }
        }
        double efficiency = discovered == 0 ? 1.0 : (double) minimums / (double) discovered;
        List<DiveFigures.Inefficiency> list = new ArrayList<>();
        long wasted = 0;
        for (int n : inefficient) {
            list.add(new DiveFigures.Inefficiency(paths.path(n), count[n], cumulative[n]));
            wasted += cumulative[n];
        }
        // dive sorts ascending and lists from the end; ties have no defined order there, here they go by path.
        list.sort(Comparator.comparingLong(DiveFigures.Inefficiency::cumulativeSize).reversed()
                .thenComparing(DiveFigures.Inefficiency::path, Names::compare));
        long size = 0;
        long user = 0;
        for (int l = 0; l < layers.count(); l++) {
            long s = layers.scan(l).contentBytes();
            size += s;
            if (l != 0) {
                user += s;
            }
        }
        return new DiveFigures(efficiency, wasted, (double) wasted / (double) user, size, user, list);
    }

    /** Marks the nodes of this layer's dive tree. */
    private void build() {
        List<LayerEntry> entries = layers.entries(layer);
        int[] nodes = layers.nodes(layer);
        for (int i = 0; i < nodes.length; i++) {
            int n = nodes[i];
            Kind kind = entries.get(i).kind();
            if (kind == Kind.OPAQUE) {
                markParents(n);
            } else if (kind == Kind.WHITEOUT) {
                markParents(paths.parent(n));
                whiteoutIn[n] = stamp;
            } else if (n != PathTable.ROOT) {
                markParents(paths.parent(n));
                inLayer[n] = stamp;
                layerEntry[n] = i;
            }
        }
    }

    private void markParents(int node) {
        for (int n = node; n > PathTable.ROOT && n >= 0 && inLayer[n] != stamp; n = paths.parent(n)) {
            inLayer[n] = stamp;
            layerEntry[n] = -1;
        }
    }

    /**
     * Lists this layer's dive tree in dive's walk order, children first, siblings by their names as stored
     * (whiteouts with their {@code .wh.} prefix); each item is node × 4 + 2 if a whiteout + 1 if a leaf.
     * Answers whether the node has children in this layer.
     */
    private boolean walk(int node) {
        int count = paths.childCount(node);
        int[] plain = new int[count];
        int[] whiteouts = new int[count];
        int p = 0;
        int w = 0;
        for (int i = 0; i < count; i++) {
            int c = paths.child(node, i);
            if (inLayer[c] == stamp) {
                plain[p++] = c;
            }
            if (whiteoutIn[c] == stamp) {
                whiteouts[w++] = c;
            }
        }
        int i = 0;
        int j = 0;
        while (i < p || j < w) {
            if (i == p || j < w && compareWhiteout(paths.name(whiteouts[j]), paths.name(plain[i])) < 0) {
                add(whiteouts[j++] * 4 + 3);
            } else {
                int c = plain[i++];
                boolean parent = walk(c);
                add(c * 4 + (parent ? 0 : 1));
            }
        }
        return p + w > 0;
    }

    /** Compares {@code ".wh." + whiteout} with {@code name} without building the string. */
    private static int compareWhiteout(String whiteout, String name) {
        String prefix = ".wh.";
        int n = Math.min(prefix.length(), name.length());
        for (int k = 0; k < n; k++) {
            if (prefix.charAt(k) != name.charAt(k)) {
                return prefix.charAt(k) - name.charAt(k);
            }
        }
        if (name.length() <= prefix.length()) {
            return name.length() == prefix.length() && whiteout.isEmpty() ? 0 : 1;
        }
        return Names.compare(whiteout, name.substring(prefix.length()));
    }

    private void add(int item) {
        if (orderLength == order.length) {
            order = Arrays.copyOf(order, orderLength * 2);
        }
        order[orderLength++] = item;
    }

    private void visit(int node, boolean whiteout, boolean leaf) {
        if (!leaf) {
            return;
        }
        long size;
        if (whiteout) {
            size = whiteoutSize(node);
            if (stopped) {
                return;
            }
        } else {
            size = size(layer, layerEntry[node]);
        }
        cumulative[node] += size;
        if (count[node] == 0 || size < minimum[node]) {
            minimum[node] = size;
        }
        if (++count[node] == 2) {
            inefficient.add(node);
        }
    }

    /** The weight of a whiteout: the deleted directory's subtree in the stacked lower layers, else 0. */
    private long whiteoutSize(int node) {
        if (layer == 0) {
            // Below the first layer dive looks in that layer's own tree.
            if (inLayer[node] != stamp) {
                stopped = true;
                return 0;
            }
            return isDirectory(layer, layerEntry[node]) ? sumLayer(node) : 0;
        }
        if (stackLayer[node] < 0) {
            stopped = true;
            return 0;
        }
        return isDirectory(stackLayer[node], stackEntry[node]) ? sumStack(node) : 0;
    }

    private long sumLayer(int node) {
        long total = size(layer, layerEntry[node]);
        for (int c = paths.firstChild(node); c >= 0; c = paths.nextSibling(c)) {
            if (inLayer[c] == stamp) {
                total += sumLayer(c);
            }
        }
        return total;
    }

    private long sumStack(int node) {
        long total = size(stackLayer[node], stackEntry[node]);
        for (int c = paths.firstChild(node); c >= 0; c = paths.nextSibling(c)) {
            if (stackLayer[c] >= 0) {
                total += sumStack(c);
            }
        }
        return total;
    }

    private void stack(int node, boolean whiteout) {
        if (whiteout) {
            if (stackLayer[node] >= 0) {
                unstack(node);
            }
            return;
        }
        addStacked(paths.parent(node));
        stackLayer[node] = layer;
        stackEntry[node] = layerEntry[node];
    }

    /** dive's AddPath for the parents: missing ones are created with empty attributes. */
    private void addStacked(int node) {
        if (node <= PathTable.ROOT || stackLayer[node] >= 0) {
            return;
        }
        addStacked(paths.parent(node));
        stackLayer[node] = layer;
        stackEntry[node] = -1;
    }

    private void unstack(int node) {
        stackLayer[node] = -1;
        for (int c = paths.firstChild(node); c >= 0; c = paths.nextSibling(c)) {
            if (stackLayer[c] >= 0) {
                unstack(c);
            }
        }
    }

    private boolean isDirectory(int atLayer, int entry) {
        return entry >= 0 && layers.entry(atLayer, entry).kind() == Kind.DIRECTORY;
    }

    private long size(int atLayer, int entry) {
        return entry >= 0 ? layers.entry(atLayer, entry).size() : 0;
    }
}
