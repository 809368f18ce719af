package io.whittle.xray.fs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The file system as it stands after one layer, for the file explorer: every path present then, plus the paths
 * that layer removed (still listed, marked {@link Mark#REMOVED}, with the version they had before it).
 */
public final class LayerView {

    /** What the viewed layer did to a path. */
    public enum Mark {
        ADDED, MODIFIED, REMOVED, UNCHANGED
    }

    /** One path of the view. */
    public record Item(MergedFile file, Mark mark) {
        public Item {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(mark, "mark");
        }
    }

    private final Layers layers;
    private final int layer;
    private final TreeState state;
    private final byte[] marks;
    private final int[] oldLayer;
    private final int[] oldEntry;

    LayerView(Layers layers, int layer) {
        this.layers = layers;
        this.layer = layer;
        this.state = new TreeState(layers);
        for (int l = 0; l <= layer; l++) {
            state.apply(l);
        }
        int n = layers.paths().size();
        marks = new byte[n];
        oldLayer = new int[n];
        oldEntry = new int[n];
        Arrays.fill(marks, (byte) Mark.UNCHANGED.ordinal());
        for (int i = 0; i < state.touchedCount(); i++) {
            int node = state.touched(i);
            boolean before = state.touchedLayer(i) != TreeState.ABSENT;
            boolean after = state.present(node);
            Mark m = !before ? (after ? Mark.ADDED : Mark.UNCHANGED) : after ? Mark.MODIFIED : Mark.REMOVED;
            marks[node] = (byte) m.ordinal();
            oldLayer[node] = state.touchedLayer(i);
            oldEntry[node] = state.touchedEntry(i);
        }
    }

    public int layer() {
        return layer;
    }

    public Optional<Item> get(String path) {
        int node = layers.paths().find(path);
        return node > PathTable.ROOT && listed(node) ? Optional.of(item(node)) : Optional.empty();
    }

    /** The children of a directory ({@code ""} is the root), removed ones included, sorted by name. */
    public List<Item> children(String directory) {
        int node = layers.paths().find(directory);
        List<Item> out = new ArrayList<>();
        if (node < 0 || !(node == PathTable.ROOT || listed(node))) {
            return out;
        }
        PathTable paths = layers.paths();
        for (int i = 0; i < paths.childCount(node); i++) {
            int c = paths.child(node, i);
            if (listed(c)) {
                out.add(item(c));
            }
        }
        return out;
    }

    /**
     * Up to {@code limit} paths containing {@code text} (ignoring case), in tree order: parents before
     * children, siblings by name.
     */
    public List<Item> search(String text, int limit) {
        String needle = text.toLowerCase(Locale.ROOT);
        List<Item> out = new ArrayList<>();
        PathTable paths = layers.paths();
        int[] stack = new int[64];
        int top = 0;
        for (int i = paths.childCount(PathTable.ROOT) - 1; i >= 0; i--) {
            stack = MergedTree.push(stack, top++, paths.child(PathTable.ROOT, i));
        }
        while (top > 0 && out.size() < limit) {
            int node = stack[--top];
            if (!listed(node)) {
                continue;
            }
            String path = paths.path(node);
            if (path.toLowerCase(Locale.ROOT).contains(needle)) {
                out.add(item(node));
            }
            for (int i = paths.childCount(node) - 1; i >= 0; i--) {
                stack = MergedTree.push(stack, top++, paths.child(node, i));
            }
        }
        return out;
    }

    private boolean listed(int node) {
        return state.present(node) || marks[node] == Mark.REMOVED.ordinal();
    }

    private Item item(int node) {
        Mark mark = Mark.values()[marks[node]];
        String path = layers.paths().path(node);
        MergedFile file = mark == Mark.REMOVED
                ? MergedTree.describe(layers, path, oldLayer[node], oldEntry[node])
                : MergedTree.describe(layers, path, state.layerOf[node], state.entryOf[node]);
        return new Item(file, mark);
    }
}
