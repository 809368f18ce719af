package io.whittle.xray.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.xray.scan.LayerEntry.Kind;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergedTreeTest {

    private static List<String> paths(MergedTree tree) {
        List<String> out = new ArrayList<>();
        tree.forEach(f -> out.add(f.path()));
        return out;
    }

    @Test
    void laterLayersReplaceFilesAndKeepDirectoryChildren() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").dir("etc").file("etc/a", 100).file("etc/b", 50),
                Scans.layer("1").dir("etc", 0700).file("etc/a", 40));

        assertThat(paths(tree)).containsExactly("etc", "etc/a", "etc/b");
        assertThat(tree.get("etc").orElseThrow().mode()).isEqualTo(0700);
        assertThat(tree.get("etc/a").orElseThrow().size()).isEqualTo(40);
        assertThat(tree.get("etc/a").orElseThrow().layer()).isEqualTo(1);
        assertThat(tree.visible(1, "etc/a")).isTrue();
        assertThat(tree.visible(0, "etc/a")).isFalse();
        assertThat(tree.visible(0, "etc/b")).isTrue();
        assertThat(tree.get("nope")).isEmpty();
        assertThat(tree.get("")).isEmpty();
    }

    @Test
    void whiteoutsDeleteLowerPathsAndTheirSubtrees() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").dir("opt").dir("opt/app").file("opt/app/x", 1000).dir("opt/app/sub")
                        .file("opt/app/sub/z", 200).file("opt/keep", 1),
                Scans.layer("1").whiteout("opt/app").whiteout("never/there"));

        assertThat(paths(tree)).containsExactly("opt", "opt/keep");
        assertThat(tree.visible(0, "opt/app/x")).isFalse();
    }

    @Test
    void whiteoutsOnlyReachLowerLayersWhateverTheirPlaceInTheTar() {
        // The file comes before its whiteout in the same layer: the whiteout still only hides layer 0's copy.
        MergedTree tree = Scans.merge(
                Scans.layer("0").file("a", 5).file("b", 1),
                Scans.layer("1").file("a", 6).whiteout("b"));

        assertThat(paths(tree)).containsExactly("a");
        assertThat(tree.get("a").orElseThrow().size()).isEqualTo(6);
    }

    @Test
    void opaqueDirectoriesHideLowerChildrenBeforeTheLayersOwnEntries() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").dir("var").dir("var/cache").file("var/cache/old", 100).dir("var/cache/deep")
                        .file("var/cache/deep/f", 7).file("var/other", 3),
                // The marker comes after a new file in tar order; it must not hide it.
                Scans.layer("1").file("var/cache/new", 10).opaque("var/cache").file("var/cache/later", 2));

        assertThat(paths(tree)).containsExactly("var", "var/cache", "var/cache/later", "var/cache/new", "var/other");
        // The directory itself stays, with its lower attributes.
        assertThat(tree.get("var/cache").orElseThrow().layer()).isEqualTo(0);
    }

    @Test
    void opaqueMarkerAtTheRootHidesEverythingBelow() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").file("a", 1).dir("b").file("b/c", 2),
                Scans.layer("1").opaque("").file("d", 3));

        assertThat(paths(tree)).containsExactly("d");
    }

    @Test
    void aFileOverADirectoryDropsTheSubtreeAndADirectoryOverAFileReplacesIt() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").file("x", 100).dir("y").file("y/a", 20).file("y/b", 30),
                Scans.layer("1").dir("x").file("x/inner", 5).file("y", 7));

        assertThat(paths(tree)).containsExactly("x", "x/inner", "y");
        assertThat(tree.get("x").orElseThrow().kind()).isEqualTo(Kind.DIRECTORY);
        assertThat(tree.get("y").orElseThrow().kind()).isEqualTo(Kind.FILE);
        assertThat(tree.children("y")).isEmpty();
    }

    @Test
    void aDeletedDirectoryComesBackWithOnlyWhatIsReAdded() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").dir("d").file("d/a", 10).file("d/b", 20),
                Scans.layer("1").whiteout("d"),
                Scans.layer("2").dir("d").file("d/a", 10));

        assertThat(paths(tree)).containsExactly("d", "d/a");
        assertThat(tree.get("d/a").orElseThrow().layer()).isEqualTo(2);
    }

    @Test
    void missingParentsAreImpliedDirectoriesLikeUmociMakesThem() {
        MergedTree tree = Scans.merge(Scans.layer("0").file("deep/er/f", 1));

        MergedFile deep = tree.get("deep").orElseThrow();
        assertThat(deep.kind()).isEqualTo(Kind.DIRECTORY);
        assertThat(deep.mode()).isEqualTo(0755);
        assertThat(deep.uid()).isZero();
        assertThat(paths(tree)).containsExactly("deep", "deep/er", "deep/er/f");
    }

    @Test
    void aFileInTheWayOfANewPathIsReplacedByADirectory() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").file("p", 9),
                Scans.layer("1").file("p/q", 1));

        assertThat(tree.get("p").orElseThrow().kind()).isEqualTo(Kind.DIRECTORY);
        assertThat(paths(tree)).containsExactly("p", "p/q");
    }

    @Test
    void hardLinksShowTheFileTheyPointedAtWhenApplied() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").dir("bin").file("bin/busybox", 1000, 0755, 77).hardLink("bin/sh", "bin/busybox")
                        .hardLink("bin/ls", "bin/sh"),
                Scans.layer("1").file("bin/busybox", 1200, 0700, 88));

        MergedFile sh = tree.get("bin/sh").orElseThrow();
        assertThat(sh.kind()).isEqualTo(Kind.HARDLINK);
        assertThat(sh.linkTarget()).isEqualTo("bin/busybox");
        assertThat(sh.size()).isEqualTo(1000);
        assertThat(sh.mode()).isEqualTo(0755);
        assertThat(sh.contentKey()).isEqualTo(77);
        // A link to a link is a link to the same file.
        assertThat(tree.get("bin/ls").orElseThrow().size()).isEqualTo(1000);
        assertThat(tree.get("bin/busybox").orElseThrow().size()).isEqualTo(1200);
        assertThat(tree.stats()).isEqualTo(new TreeStats(1, 2, 1, 0, 0, 1200));
    }

    @Test
    void childrenAreSortedByNameAndForEachGoesParentsFirst() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").file("b/2", 1).file("a", 1).file("b/10", 1).symlink("c", "a").file("B", 1));

        assertThat(tree.children("").stream().map(MergedFile::path)).containsExactly("B", "a", "b", "c");
        assertThat(tree.children("b").stream().map(MergedFile::path)).containsExactly("b/10", "b/2");
        assertThat(tree.children("a")).isEmpty();
        assertThat(tree.children("missing")).isEmpty();
        assertThat(paths(tree)).containsExactly("B", "a", "b", "b/10", "b/2", "c");
        assertThat(tree.get("c").orElseThrow().linkTarget()).isEqualTo("a");
    }

    @Test
    void statsAndLargestFiles() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").dir("d").file("d/small", 5).file("d/big", 500).file("mid", 50).symlink("s", "mid"),
                Scans.layer("1").file("d/huge", 5000).whiteout("d/small"));

        assertThat(tree.stats()).isEqualTo(new TreeStats(3, 0, 1, 1, 0, 5550));
        assertThat(tree.largestFiles(2).stream().map(MergedFile::path)).containsExactly("d/huge", "d/big");
        assertThat(tree.largestFiles(10)).hasSize(3);
    }

    @Test
    void layerChangesCountAddedModifiedAndRemovedPathsAndBytes() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").file("x", 100).dir("y").file("y/a", 20).file("y/b", 30).file("z", 4),
                // x: file -> dir (modified, 0 bytes); x/inner added (5); y: dir -> file (modified, 7 bytes),
                // y/a + y/b removed (20 + 30 = 50); z whited out (removed, 4); new/f added with its implied
                // parent "new" (2 paths, 9 bytes).
                Scans.layer("1").dir("x").file("x/inner", 5).file("y", 7).whiteout("z").file("new/f", 9));

        List<LayerChanges> changes = tree.layerChanges(2);
        LayerChanges first = changes.get(0);
        // Layer 0 adds x, y, y/a, y/b, z: 5 paths, 100 + 20 + 30 + 4 = 154 bytes.
        assertThat(first.added()).isEqualTo(5);
        assertThat(first.addedBytes()).isEqualTo(154);
        assertThat(first.largest().stream().map(e -> e.path())).containsExactly("x", "y/b");
        LayerChanges second = changes.get(1);
        assertThat(second.added()).isEqualTo(3);
        assertThat(second.addedBytes()).isEqualTo(5 + 9);
        assertThat(second.modified()).isEqualTo(2);
        assertThat(second.modifiedBytes()).isEqualTo(7);
        assertThat(second.removed()).isEqualTo(3);
        assertThat(second.removedBytes()).isEqualTo(20 + 30 + 4);
        assertThat(second.largest().stream().map(e -> e.path())).containsExactly("new/f", "y");
    }

    @Test
    void anOpaqueDirectoryReAddingAPathModifiesIt() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").dir("c").file("c/old1", 100).file("c/old2", 200).file("c/keep", 50),
                Scans.layer("1").file("c/new", 10).opaque("c").file("c/keep", 50));

        LayerChanges l1 = tree.layerChanges(0).get(1);
        // keep: hidden then re-added = modified (50); old1 + old2 removed (300); new added (10).
        assertThat(l1.added()).isEqualTo(1);
        assertThat(l1.addedBytes()).isEqualTo(10);
        assertThat(l1.modified()).isEqualTo(1);
        assertThat(l1.modifiedBytes()).isEqualTo(50);
        assertThat(l1.removed()).isEqualTo(2);
        assertThat(l1.removedBytes()).isEqualTo(300);
        assertThat(l1.largest()).isEmpty();
    }

    @Test
    void viewMarksWhatALayerDidAndStillListsRemovedPaths() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").dir("d").file("d/a", 10).file("d/b", 20).file("top", 1),
                Scans.layer("1").whiteout("d").file("top", 2).file("new", 3),
                Scans.layer("2").dir("d").file("d/a", 10));

        LayerView one = tree.view(1);
        assertThat(one.children("").stream().map(i -> i.file().path() + ":" + i.mark()))
                .containsExactly("d:REMOVED", "new:ADDED", "top:MODIFIED");
        assertThat(one.children("d").stream().map(i -> i.file().path() + ":" + i.mark()))
                .containsExactly("d/a:REMOVED", "d/b:REMOVED");
        // A removed path shows the version it had before.
        assertThat(one.get("d/b").orElseThrow().file().size()).isEqualTo(20);
        assertThat(one.get("top").orElseThrow().file().size()).isEqualTo(2);

        LayerView two = tree.view(2);
        assertThat(two.children("").stream().map(i -> i.file().path() + ":" + i.mark()))
                .containsExactly("d:ADDED", "new:UNCHANGED", "top:UNCHANGED");
        assertThat(two.children("d").stream().map(i -> i.file().path() + ":" + i.mark()))
                .containsExactly("d/a:ADDED");
        assertThat(two.get("d/b")).isEmpty();

        LayerView zero = tree.view(0);
        assertThat(zero.search("D/", 10).stream().map(i -> i.file().path())).containsExactly("d/a", "d/b");
        assertThat(zero.search("", 2)).hasSize(2);
        assertThat(one.search("b", 10).stream().map(i -> i.file().path() + ":" + i.mark()))
                .containsExactly("d/b:REMOVED");
        assertThatThrownBy(() -> tree.view(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 layers");
    }

    @Test
    void manyPathsSurviveTheTableGrowing() {
        Scans first = Scans.layer("0");
        Scans second = Scans.layer("1");
        for (int i = 0; i < 6000; i++) {
            first.file("d" + (i % 40) + "/f" + i, i);
            if (i % 3 == 0) {
                second.whiteout("d" + (i % 40) + "/f" + i);
            }
        }
        MergedTree tree = Scans.merge(first, second);

        // 6000 files, every third whited out: 4000 left in 40 directories
        assertThat(tree.stats().files()).isEqualTo(4000);
        assertThat(tree.stats().dirs()).isEqualTo(40);
        assertThat(tree.get("d9/f5009").orElseThrow().size()).isEqualTo(5009);
        assertThat(tree.get("d0/f0")).isEmpty();
        assertThat(tree.children("d1")).hasSize(100);
        assertThat(tree.children("").get(0).path()).isEqualTo("d0");
    }

    @Test
    void aWhiteoutAfterThisLayerWroteBelowADirectoryKeepsThatDirectory() {
        // As umoci: the whiteout deletes only what the layer has not written; d is above d/new, so d stays
        // with layer 0's attributes, and only its other children go.
        MergedTree tree = Scans.merge(
                Scans.layer("0").dir("d", 0750).file("d/old", 1),
                Scans.layer("1").file("d/new", 2).whiteout("d"));

        assertThat(paths(tree)).containsExactly("d", "d/new");
        assertThat(tree.get("d").orElseThrow().mode()).isEqualTo(0750);
        assertThat(tree.get("d").orElseThrow().layer()).isZero();

        // Whiteout first: d goes, and d/new brings it back as an implied directory.
        MergedTree before = Scans.merge(
                Scans.layer("0").dir("d", 0750).file("d/old", 1),
                Scans.layer("1").whiteout("d").file("d/new", 2));
        assertThat(paths(before)).containsExactly("d", "d/new");
        assertThat(before.get("d").orElseThrow().mode()).isEqualTo(0755);
    }
}
