package io.whittle.xray.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.xray.scan.LayerEntry;
import io.whittle.xray.scan.LayerEntry.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Random layers over a tiny namespace (so paths collide a lot) merged by the compact tree and by a plain map
 * applying the rules literally, as umoci does; both must agree on every path, on reclaimable bytes and on each
 * layer's added / modified / removed counts.
 */
class MergedTreeModelTest {
    private static final String[] NAMES = {"a", "b", "c"};

    @Test
    void agreesWithAPlainMapOnRandomLayers() {
        Random random = new Random(6);
        for (int round = 0; round < 300; round++) {
            List<Scans> layers = new ArrayList<>();
            List<List<LayerEntry>> raw = new ArrayList<>();
            int count = 1 + random.nextInt(4);
            for (int l = 0; l < count; l++) {
                List<LayerEntry> entries = randomLayer(random);
                raw.add(entries);
                Scans s = Scans.layer("r" + l);
                for (LayerEntry e : entries) {
                    switch (e.kind()) {
                        case FILE -> s.file(e.path(), e.size());
                        case DIRECTORY -> s.dir(e.path());
                        case SYMLINK -> s.symlink(e.path(), "x");
                        case WHITEOUT -> s.whiteout(e.path());
                        default -> s.opaque(e.path());
                    }
                }
                layers.add(s);
            }
            MergedTree tree = Scans.merge(layers.toArray(Scans[]::new));
            Model model = new Model();
            List<long[]> modelChanges = new ArrayList<>();
            for (List<LayerEntry> entries : raw) {
                modelChanges.add(model.apply(entries));
            }

            TreeMap<String, String> actual = new TreeMap<>();
            tree.forEach(f -> actual.put(f.path(), f.kind() + "@" + f.layer() + ":" + f.size()));
            TreeMap<String, String> expected = new TreeMap<>();
            model.files.forEach((p, v) -> expected.put(p, v.kind + "@" + v.layer + ":" + v.size));
            String context = "round " + round + ": " + raw;
            assertThat(actual).as(context).isEqualTo(expected);
            assertThat(Waste.compute(tree).reclaimableBytes()).as(context).isEqualTo(model.reclaimable());
            List<LayerChanges> changes = tree.layerChanges(0);
            for (int l = 0; l < count; l++) {
                LayerChanges c = changes.get(l);
                assertThat(new long[] {c.added(), c.modified(), c.removed(), c.removedBytes()})
                        .as(context + " layer " + l).containsExactly(modelChanges.get(l));
            }
        }
    }

    private static List<LayerEntry> randomLayer(Random random) {
        // One entry per path and kind, as the layer scanner keeps them.
        Map<String, LayerEntry> entries = new LinkedHashMap<>();
        int n = random.nextInt(7);
        for (int i = 0; i < n; i++) {
            StringBuilder path = new StringBuilder();
            int depth = 1 + random.nextInt(3);
            for (int d = 0; d < depth; d++) {
                path.append(d == 0 ? "" : "/").append(NAMES[random.nextInt(NAMES.length)]);
            }
            String p = path.toString();
            int pick = random.nextInt(10);
            Kind kind = pick < 4 ? Kind.FILE : pick < 6 ? Kind.DIRECTORY : pick < 7 ? Kind.SYMLINK
                    : pick < 9 ? Kind.WHITEOUT : Kind.OPAQUE;
            String key = (kind == Kind.WHITEOUT || kind == Kind.OPAQUE ? kind.name() : "entry") + ":" + p;
            entries.remove(key);
            entries.put(key, new LayerEntry(p, kind, kind == Kind.FILE ? 1 + random.nextInt(50) : 0, 0644, 0, 0, "",
                    0));
        }
        return new ArrayList<>(entries.values());
    }

    /** The rules applied to a plain map, slowly and literally. */
    private static final class Model {
        record Version(Kind kind, int layer, long size, long id) {
        }

        final TreeMap<String, Version> files = new TreeMap<>();
        final List<Version> all = new ArrayList<>();
        int layer = -1;

        long[] apply(List<LayerEntry> entries) {
            layer++;
            TreeMap<String, Version> before = new TreeMap<>(files);
            // umoci's reading of the spec: tar order; markers delete what this layer has not written (nor lies above).
            Set<String> upper = new HashSet<>();
            for (LayerEntry e : entries) {
                String path = e.path();
                if (e.kind() == Kind.OPAQUE) {
                    if (path.isEmpty() || isDir(path)) {
                        files.keySet().removeIf(p -> (path.isEmpty() || p.startsWith(path + "/"))
                                && !upper.contains(p));
                    }
                    continue;
                }
                if (e.kind() == Kind.WHITEOUT) {
                    files.keySet().removeIf(p -> (p.equals(path) || p.startsWith(path + "/")) && !upper.contains(p));
                    continue;
                }
                String[] parts = path.split("/");
                String prefix = "";
                for (int i = 0; i < parts.length - 1; i++) {
                    prefix = prefix.isEmpty() ? parts[i] : prefix + "/" + parts[i];
                    if (!isDir(prefix)) {
                        String gone = prefix;
                        files.keySet().removeIf(p -> p.equals(gone) || p.startsWith(gone + "/"));
                        files.put(prefix, new Version(Kind.DIRECTORY, layer, 0, -1));
                    }
                    upper.add(prefix);
                }
                if (!(e.kind() == Kind.DIRECTORY && isDir(path))) {
                    files.keySet().removeIf(p -> p.startsWith(path + "/"));
                }
                Version v = new Version(e.kind(), layer, e.size(), all.size());
                all.add(v);
                files.put(path, v);
                upper.add(path);
            }
            long added = 0;
            long modified = 0;
            long removed = 0;
            long removedBytes = 0;
            for (Map.Entry<String, Version> f : files.entrySet()) {
                Version old = before.get(f.getKey());
                if (old == null) {
                    added++;
                } else if (f.getValue() != old) {
                    modified++;
                }
            }
            for (Map.Entry<String, Version> b : before.entrySet()) {
                if (!files.containsKey(b.getKey())) {
                    removed++;
                    removedBytes += b.getValue().kind == Kind.FILE ? b.getValue().size : 0;
                }
            }
            return new long[] {added, modified, removed, removedBytes};
        }

        boolean isDir(String path) {
            Version v = files.get(path);
            return v != null && v.kind == Kind.DIRECTORY;
        }

        long reclaimable() {
            long total = 0;
            for (Version v : all) {
                if (v.kind == Kind.FILE && !files.containsValue(v)) {
                    total += v.size;
                }
            }
            return total;
        }
    }
}
