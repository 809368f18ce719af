package io.whittle.xray.fs;

import io.whittle.xray.fs.LayerView.Item;
import io.whittle.xray.fs.LayerView.Mark;
import java.util.Arrays;

/**
 * Every layer's changed paths from one replay of a merged tree: the paths {@link LayerView} marks added,
 * modified or removed, layer after layer, without a view per layer (each of which replays all layers below and
 * holds arrays the size of the whole tree). Memory beyond the tree: a few ints per path, plus one long per path
 * the current layer changed.
 */
public final class ChangedPaths {

    /** Receives the layers in order, each followed by its changed paths. */
    public interface Visitor {
        /** Layer {@code layer} starts; every layer is announced, also one that changed nothing. */
        void layer(int layer);

        /** A path the current layer changed, as {@link LayerView#get} shows it; in tree order within a layer. */
        void changed(Item item);
    }

    private ChangedPaths() {
    }

    public static void walk(MergedTree tree, Visitor visitor) {
        Layers layers = tree.layers();
        PathTable paths = layers.paths();
        int[] rank = treeOrder(paths);
        TreeState state = new TreeState(layers);
        long[] order = new long[64];
        for (int l = 0; l < layers.count(); l++) {
            state.apply(l);
            int count = 0;
            for (int i = 0; i < state.touchedCount(); i++) {
                boolean before = state.touchedLayer(i) != TreeState.ABSENT;
                if (before || state.present(state.touched(i))) {
                    if (count == order.length) {
                        order = Arrays.copyOf(order, count * 2);
                    }
                    order[count++] = ((long) rank[state.touched(i)] << 32) | i;
                }
            }
            Arrays.sort(order, 0, count);
            visitor.layer(l);
            for (int k = 0; k < count; k++) {
                int i = (int) order[k];
                int node = state.touched(i);
                String path = paths.path(node);
                if (state.touchedLayer(i) == TreeState.ABSENT) {
                    visitor.changed(new Item(MergedTree.describe(layers, path, state.layerOf[node],
                            state.entryOf[node]), Mark.ADDED));
                } else if (state.present(node)) {
                    visitor.changed(new Item(MergedTree.describe(layers, path, state.layerOf[node],
                            state.entryOf[node]), Mark.MODIFIED));
                } else {
                    visitor.changed(new Item(MergedTree.describe(layers, path, state.touchedLayer(i),
                            state.touchedEntry(i)), Mark.REMOVED));
                }
            }
        }
    }

    /** Each node's position in a depth-first walk of every path: parents first, siblings by name. */
    private static int[] treeOrder(PathTable paths) {
        int[] rank = new int[paths.size()];
        int[] stack = new int[64];
        int top = 0;
        int next = 0;
        stack[top++] = PathTable.ROOT;
        while (top > 0) {
            int node = stack[--top];
            rank[node] = next++;
            for (int i = paths.childCount(node) - 1; i >= 0; i--) {
                stack = MergedTree.push(stack, top++, paths.child(node, i));
            }
        }
        return rank;
    }
}
