package io.whittle.xray.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.xray.fs.LayerView.Item;
import io.whittle.xray.fs.LayerView.Mark;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One replay gives each layer's changed paths exactly as that layer's view marks them, in tree order. */
class ChangedPathsTest {

    private static List<List<Item>> walk(MergedTree tree) {
        List<List<Item>> out = new ArrayList<>();
        ChangedPaths.walk(tree, new ChangedPaths.Visitor() {
            @Override
            public void layer(int layer) {
                assertThat(layer).isEqualTo(out.size());
                out.add(new ArrayList<>());
            }

            @Override
            public void changed(Item item) {
                out.getLast().add(item);
            }
        });
        return out;
    }

    private static List<String> marks(List<Item> items) {
        return items.stream().map(i -> i.file().path() + ":" + i.mark() + "@" + i.file().layer()).toList();
    }

    @Test
    void listsWhatEachLayerAddedModifiedAndRemoved() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").dir("d").file("d/a", 10).file("d/b", 20).file("top", 1).file("a-b", 1),
                Scans.layer("1").whiteout("d").file("top", 2).file("new/deep/f", 3).whiteout("nothing"),
                Scans.layer("2"),
                Scans.layer("3").file("d", 4).opaque("new").dir("new"));

        List<List<Item>> layers = walk(tree);
        assertThat(layers).hasSize(4);
        assertThat(marks(layers.get(0))).as("tree order: a directory's paths before a sibling sorting after it")
                .containsExactly("a-b:ADDED@0", "d:ADDED@0", "d/a:ADDED@0", "d/b:ADDED@0", "top:ADDED@0");
        assertThat(marks(layers.get(1))).as("removed paths keep the version they had; a whiteout of nothing is"
                + " no change").containsExactly("d:REMOVED@0", "d/a:REMOVED@0", "d/b:REMOVED@0",
                "new:ADDED@1", "new/deep:ADDED@1", "new/deep/f:ADDED@1", "top:MODIFIED@1");
        assertThat(layers.get(1).get(4).file().mode()).as("an implied directory").isEqualTo(0755);
        assertThat(layers.get(2)).isEmpty();
        assertThat(marks(layers.get(3))).containsExactly("d:ADDED@3", "new:MODIFIED@3", "new/deep:REMOVED@1",
                "new/deep/f:REMOVED@1");
    }

    @Test
    void agreesWithEveryLayersViewAndChangeCounts() {
        Random random = new Random(10);
        String[] names = {"a", "b", "c"};
        for (int round = 0; round < 300; round++) {
            int count = 1 + random.nextInt(4);
            Scans[] scans = new Scans[count];
            StringBuilder context = new StringBuilder("round " + round + ":");
            for (int l = 0; l < count; l++) {
                scans[l] = Scans.layer("r" + l);
                context.append(" |");
                int n = random.nextInt(7);
                for (int i = 0; i < n; i++) {
                    StringBuilder path = new StringBuilder(names[random.nextInt(names.length)]);
                    for (int d = random.nextInt(3); d > 0; d--) {
                        path.append('/').append(names[random.nextInt(names.length)]);
                    }
                    String p = path.toString();
                    int kind = random.nextInt(6);
                    switch (kind) {
                        case 0, 1 -> scans[l].file(p, random.nextInt(3) * 10);
                        case 2 -> scans[l].dir(p, random.nextBoolean() ? 0755 : 0700);
                        case 3 -> scans[l].hardLink(p, names[random.nextInt(names.length)]);
                        case 4 -> scans[l].whiteout(p);
                        default -> scans[l].opaque(p);
                    }
                    context.append(' ').append(kind).append(p);
                }
            }
            MergedTree tree = Scans.merge(scans);
            List<List<Item>> walked = walk(tree);
            List<LayerChanges> counts = tree.layerChanges(0);
            assertThat(walked).hasSize(count);
            for (int l = 0; l < count; l++) {
                List<Item> expected = tree.view(l).search("", Integer.MAX_VALUE).stream()
                        .filter(i -> i.mark() != Mark.UNCHANGED).toList();
                List<Item> got = walked.get(l);
                assertThat(got).as(context + " layer " + l).isEqualTo(expected);
                LayerChanges c = counts.get(l);
                assertThat(got.stream().filter(i -> i.mark() == Mark.ADDED).count()).as(context.toString())
                        .isEqualTo(c.added());
                assertThat(got.stream().filter(i -> i.mark() == Mark.MODIFIED).count()).as(context.toString())
                        .isEqualTo(c.modified());
                assertThat(got.stream().filter(i -> i.mark() == Mark.REMOVED).count()).as(context.toString())
                        .isEqualTo(c.removed());
            }
        }
    }

    @Test
    void walksABigImageInOnePass() {
        // 40 layers over 160,000 paths: each layer rewrites a slice and deletes one directory of the layer below.
        Scans[] scans = new Scans[40];
        for (int l = 0; l < scans.length; l++) {
            scans[l] = Scans.layer("big" + l);
            int files = l == 0 ? 160_000 : 2_000;
            for (int i = 0; i < files; i++) {
                scans[l].file("usr/lib/d" + (i % 400) + "/f" + (l == 0 ? i : l * 7919 + i), 100);
            }
            if (l > 0) {
                scans[l].whiteout("usr/lib/d" + l);
            }
        }
        MergedTree tree = Scans.merge(scans);
        List<LayerChanges> counts = tree.layerChanges(0);
        long[] seen = new long[scans.length];
        ChangedPaths.walk(tree, new ChangedPaths.Visitor() {
            int layer;

            @Override
            public void layer(int l) {
                layer = l;
            }

            @Override
            public void changed(Item item) {
                seen[layer]++;
            }
        });
        for (int l = 0; l < scans.length; l++) {
            LayerChanges c = counts.get(l);
            assertThat(seen[l]).as("layer " + l).isEqualTo(c.added() + c.modified() + c.removed());
        }
        assertThat(seen[0]).isEqualTo(160_000 + 400 + 2);
    }
}
