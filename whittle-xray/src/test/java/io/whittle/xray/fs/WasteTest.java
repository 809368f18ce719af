package io.whittle.xray.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WasteTest {

    @Test
    void duplicatesGroupVisibleFilesBySizeAndContent() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").file("a/one", 64, 1).file("a/two", 64, 1).file("b/three", 64, 1).file("c/four", 64, 2)
                        .file("d/empty1", 0, 0).file("d/empty2", 0, 0).file("big1", 1000, 3).file("gone", 1000, 3),
                Scans.layer("1").file("big2", 1000, 3).whiteout("gone").hardLink("a/link", "a/one"));
        WasteReport w = Waste.compute(tree);

        // (1000, key 3): big1, big2 -> 1000 × (2 − 1) = 1000 ("gone" is not visible)
        // (64, key 1): a/one, a/two, b/three -> 64 × (3 − 1) = 128 (a/link is a hard link, c/four other content)
        // empty files are never duplicates
        assertThat(w.duplicates()).containsExactly(
                new DuplicateGroup(1000, 3, List.of("big1", "big2"), 1000),
                new DuplicateGroup(64, 1, List.of("a/one", "a/two", "b/three"), 128));
        assertThat(w.duplicateBytes()).isEqualTo(1128);
        // reclaimable: only "gone" (1000) is no longer visible
        assertThat(w.reclaimableBytes()).isEqualTo(1000);
    }

    @Test
    void aDuplicateGroupNeedsTwoFiles() {
        assertThatThrownBy(() -> new DuplicateGroup(1, 1, List.of("a"), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyShadowedVersionCountsOnce() {
        MergedTree tree = Scans.merge(
                Scans.layer("0").file("f", 10).dir("d").file("d/x", 7),
                Scans.layer("1").file("f", 20).opaque("d"),
                Scans.layer("2").file("f", 30).whiteout("d"));

        // f: 10 + 20 shadowed by layer 2's 30; d/x 7 hidden by the opaque directory (and its parent deleted
        // later: still 7, once)
        assertThat(Waste.compute(tree).reclaimableBytes()).isEqualTo(10 + 20 + 7);
    }
}
