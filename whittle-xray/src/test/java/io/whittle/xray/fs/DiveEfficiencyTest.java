package io.whittle.xray.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * dive's figures for crafted images, worked out by hand from dive's rules (ANALYSIS.md): per path,
 * cumulative = Σ sizes over the layers whose tree has it as a leaf, min = smallest of them; efficiency =
 * Σ min / Σ cumulative; wasted = Σ cumulative over paths seen twice or more; userWastedPercent = wasted / Σ
 * sizes of layers 1..n. Whittle's reclaimable bytes are checked next to them.
 */
class DiveEfficiencyTest {

    private static List<String> inefficiencies(DiveFigures f) {
        return f.inefficiencies().stream().map(i -> i.path() + "=" + i.cumulativeSize() + "x" + i.count()).toList();
    }

    @Test
    void shadowedFilesIdenticalReAddsAndFileWhiteouts() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").dir("etc").file("etc/a", 100).file("etc/b", 50).file("etc/c", 30),
                Scans.layer("1").file("etc/a", 100).whiteout("etc/b").file("etc/d", 10),
                Scans.layer("2").file("etc/a", 40, 555));
        DiveFigures f = DiveEfficiency.compute(tree);

        // etc/a: 100 + 100 + 40 = 240, min 40 (the identical re-add counts in full)
        // etc/b: 50 + 0 (a file whiteout weighs 0) = 50, min 0
        // etc/c: 30, min 30; etc/d: 10, min 10; etc is a directory with children in every tree: never a leaf.
        // efficiency = (40 + 0 + 30 + 10) / (240 + 50 + 30 + 10) = 80 / 330
        assertThat(f.efficiency()).isEqualTo(80.0 / 330.0);
        assertThat(inefficiencies(f)).containsExactly("etc/a=240x3", "etc/b=50x2");
        assertThat(f.wastedBytes()).isEqualTo(240 + 50);
        // layer sizes: 180, 110, 40; user size = 110 + 40 = 150
        assertThat(f.sizeBytes()).isEqualTo(330);
        assertThat(f.userSizeBytes()).isEqualTo(150);
        assertThat(f.userWastedPercent()).isEqualTo(290.0 / 150.0);
        // reclaimable: layer 0's etc/a (100) and etc/b (50), layer 1's etc/a (100) = 250
        assertThat(Waste.compute(tree).reclaimableBytes()).isEqualTo(250);
    }

    @Test
    void directoryWhiteoutsWeighTheLowerSubtreeAndHideTheFilesUnderThem() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").dir("opt").dir("opt/app").file("opt/app/x", 1000).file("opt/app/y", 500)
                        .dir("opt/app/sub").file("opt/app/sub/z", 200),
                Scans.layer("1").whiteout("opt/app"),
                Scans.layer("2").dir("opt/app").file("opt/app/x", 1000));
        DiveFigures f = DiveEfficiency.compute(tree);

        // layer 1: .wh.app weighs opt/app's lower subtree: 0 + 1000 + 500 + 0 + 200 = 1700 (path opt/app);
        // x, y and z are not counted again in layer 1.
        // opt/app/x: 1000 + 1000 = 2000, min 1000; y 500; z 200; opt/app 1700 (once)
        // efficiency = (1000 + 500 + 200 + 1700) / (2000 + 500 + 200 + 1700) = 3400 / 4400
        assertThat(f.efficiency()).isEqualTo(3400.0 / 4400.0);
        assertThat(inefficiencies(f)).containsExactly("opt/app/x=2000x2");
        assertThat(f.wastedBytes()).isEqualTo(2000);
        // user size = 0 + 1000
        assertThat(f.userWastedPercent()).isEqualTo(2.0);
        // reclaimable: layer 0's x, y, z = 1000 + 500 + 200 = 1700 (layer 2's x is the visible one)
        assertThat(Waste.compute(tree).reclaimableBytes()).isEqualTo(1700);
    }

    @Test
    void aWhiteoutOfADirectoryNoEntryNamedWeighsNothingInDive() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").file("srv/data/f", 300),
                Scans.layer("1").whiteout("srv/data"));
        DiveFigures f = DiveEfficiency.compute(tree);

        // dive made srv/data as a bare parent, not marked as a directory: the whiteout weighs 0.
        // srv/data/f 300 (min 300) + srv/data 0 (min 0): efficiency = 300 / 300
        assertThat(f.efficiency()).isEqualTo(1.0);
        assertThat(f.wastedBytes()).isZero();
        assertThat(f.inefficiencies()).isEmpty();
        // user size 0 and nothing wasted: 0 / 0, as dive divides
        assertThat(f.userWastedPercent()).isNaN();
        // Whittle sees the 300 bytes a squash would drop.
        assertThat(Waste.compute(tree).reclaimableBytes()).isEqualTo(300);
    }

    @Test
    void aWhiteoutOfAPathNotBelowStopsDivesWalkOfThatLayer() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").file("-dash", 4).file("a", 10),
                Scans.layer("1").file("-dash", 4).whiteout("ghost").file("a", 10));
        DiveFigures f = DiveEfficiency.compute(tree);

        // Layer 1's root in byte order: "-dash" (0x2D), ".wh.ghost" (0x2E), "a". "-dash" counts; the whiteout's
        // target is missing below, so dive gives up on the layer and never counts "a" again.
        // -dash: 4 + 4 = 8, min 4; a: 10, min 10; ghost: never recorded
        // efficiency = (4 + 10) / (8 + 10) = 14 / 18
        assertThat(f.efficiency()).isEqualTo(14.0 / 18.0);
        assertThat(inefficiencies(f)).containsExactly("-dash=8x2");
        // user size = 4 + 0 + 10 = 14
        assertThat(f.userWastedPercent()).isEqualTo(8.0 / 14.0);
        // reclaimable: both layer 0 copies, 4 + 10
        assertThat(Waste.compute(tree).reclaimableBytes()).isEqualTo(14);
    }

    @Test
    void opaqueWhiteoutsAreIgnoredByDiveButNotByReclaimableBytes() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").dir("var").dir("var/cache").file("var/cache/old1", 100).file("var/cache/old2", 200)
                        .file("var/cache/keep", 50),
                Scans.layer("1").file("var/cache/new", 10).opaque("var/cache").file("var/cache/keep", 50));
        DiveFigures f = DiveEfficiency.compute(tree);

        // old1 100, old2 200 (layer 0 only); keep 50 + 50 = 100, min 50; new 10
        // efficiency = (100 + 200 + 50 + 10) / (100 + 200 + 100 + 10) = 360 / 410
        assertThat(f.efficiency()).isEqualTo(360.0 / 410.0);
        assertThat(inefficiencies(f)).containsExactly("var/cache/keep=100x2");
        // user size = 10 + 0 + 50 = 60
        assertThat(f.userWastedPercent()).isEqualTo(100.0 / 60.0);
        // reclaimable: old1 + old2 hidden by the opaque directory, layer 0's keep shadowed: 100 + 200 + 50
        assertThat(Waste.compute(tree).reclaimableBytes()).isEqualTo(350);
        assertThat(tree.get("var/cache/old1")).isEmpty();
    }

    @Test
    void fileAndDirectoryReplacementsLookFreeToDive() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").file("x", 100).dir("y").file("y/a", 20).file("y/b", 30),
                Scans.layer("1").dir("x").file("x/inner", 5).file("y", 7));
        DiveFigures f = DiveEfficiency.compute(tree);

        // x 100 (layer 1's x has a child: not a leaf), y/a 20, y/b 30, x/inner 5, y 7: each path once.
        assertThat(f.efficiency()).isEqualTo(1.0);
        assertThat(f.wastedBytes()).isZero();
        assertThat(f.userWastedPercent()).isEqualTo(0.0);
        // reclaimable: x (100), y/a (20), y/b (30) are gone from the final tree
        assertThat(Waste.compute(tree).reclaimableBytes()).isEqualTo(150);
    }

    @Test
    void hardLinksWeighNothingAndKeepTheirFileReclaimable() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").dir("bin").file("bin/busybox", 1000).hardLink("bin/sh", "bin/busybox")
                        .hardLink("bin/ls", "bin/busybox"),
                Scans.layer("1").file("bin/busybox", 1200, 9));
        DiveFigures f = DiveEfficiency.compute(tree);

        // busybox 1000 + 1200 = 2200, min 1000; sh 0, ls 0
        // efficiency = 1000 / 2200; wasted 2200; user size 1200
        assertThat(f.efficiency()).isEqualTo(1000.0 / 2200.0);
        assertThat(inefficiencies(f)).containsExactly("bin/busybox=2200x2");
        assertThat(f.userWastedPercent()).isEqualTo(2200.0 / 1200.0);
        // layer 0's busybox is still on disk as bin/sh and bin/ls: nothing to reclaim
        assertThat(Waste.compute(tree).reclaimableBytes()).isZero();
    }

    @Test
    void aFileVersionBecomesReclaimableWhenItsLastHardLinkGoes() {
        Scans base = Scans.layer("0").file("busybox", 1000).hardLink("sh", "busybox").hardLink("ls", "busybox");
        Scans replace = Scans.layer("1").file("busybox", 1200, 9).symlink("sh", "busybox");
        // ls still names layer 0's busybox: 0 reclaimable
        assertThat(Waste.compute(Scans.merge(base, replace)).reclaimableBytes()).isZero();
        // once ls is whited out, layer 0's busybox (1000) is gone from the final tree
        MergedTree tree = Scans.merge(base, replace, Scans.layer("2").whiteout("ls"));
        assertThat(Waste.compute(tree).reclaimableBytes()).isEqualTo(1000);
    }

    @Test
    void emptyImagesAreFullyEfficient() {
        MergedTree tree = Scans.merge(Scans.layer("0").dir("empty"), Scans.layer("1").file("zero", 0));
        DiveFigures f = DiveEfficiency.compute(tree);

        assertThat(f.efficiency()).isEqualTo(1.0);
        assertThat(f.wastedBytes()).isZero();
        assertThat(f.userWastedPercent()).isNaN();
    }

    @Test
    void inefficienciesAreSortedByCumulativeSizeThenPath() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").file("b", 5).file("a", 5).file("c", 1).file("z", 0),
                Scans.layer("1").file("b", 5).file("a", 5).file("c", 50).file("z", 0));
        DiveFigures f = DiveEfficiency.compute(tree);

        // c 51; a 10; b 10; z 0 (dive lists zero-size paths too)
        assertThat(inefficiencies(f)).containsExactly("c=51x2", "a=10x2", "b=10x2", "z=0x2");
        assertThat(f.wastedBytes()).isEqualTo(71);
    }

    @Test
    void aWhiteoutInTheFirstLayerIsLookedUpInThatLayersOwnTree() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").file("a", 5).whiteout("zz").dir("d").file("d/f", 3).whiteout("d"),
                Scans.layer("1").file("a", 5));
        DiveFigures f = DiveEfficiency.compute(tree);

        // Layer 0's root in byte order: ".wh.d", ".wh.zz", "a", "d". ".wh.d": d is a directory of layer 0
        // itself, so it weighs d's subtree there, 0 + 3 = 3 (path d). ".wh.zz": zz is not in layer 0, so dive
        // stops walking layer 0: a and d/f are never counted from it.
        // d: 3; a: 5 (layer 1 only)
        assertThat(f.efficiency()).isEqualTo(1.0);
        assertThat(f.inefficiencies()).isEmpty();
        // user size = 5, nothing wasted
        assertThat(f.userWastedPercent()).isEqualTo(0.0);
        // Layer 0's own whiteouts reach nothing below it: d/f stays visible; layer 0's a (5) is shadowed.
        assertThat(tree.get("d/f")).isPresent();
        assertThat(Waste.compute(tree).reclaimableBytes()).isEqualTo(5);
    }
}
