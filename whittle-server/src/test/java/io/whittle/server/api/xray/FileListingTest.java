package io.whittle.server.api.xray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.whittle.oci.Digest;
import io.whittle.server.api.xray.FileListing.Change;
import io.whittle.server.api.xray.FileListing.Entry;
import io.whittle.xray.fs.LayerChanges;
import io.whittle.xray.fs.MergedTree;
import io.whittle.xray.scan.LayerEntry;
import io.whittle.xray.scan.LayerEntry.Kind;
import io.whittle.xray.scan.LayerScan;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The explorer's listings: marks against the layers below, whiteouts and opaque directories, the merged view; all
 * as the X-ray's merged tree applies the layers.
 */
class FileListingTest {

    private static LayerEntry e(String path, Kind kind, long size) {
        return new LayerEntry(path, kind, size, kind == Kind.DIRECTORY ? 0755 : 0644, 0, 0,
                kind == Kind.SYMLINK ? "target" : "", 0);
    }

    private static LayerScan layer(String name, LayerEntry... entries) {
        Digest d = Digest.sha256(name.getBytes(StandardCharsets.UTF_8));
        return new LayerScan(d, d, "application/vnd.oci.image.layer.v1.tar+gzip", 1, 1, 1, List.of(entries),
                List.of(), List.of());
    }

    private static final List<LayerScan> SCANS = List.of(
            layer("base",
                    e("a", Kind.DIRECTORY, 0), e("a/x", Kind.FILE, 10), e("a/y", Kind.FILE, 3),
                    e("d", Kind.DIRECTORY, 0), e("d/k", Kind.FILE, 7), e("d/sub/deep", Kind.FILE, 1),
                    e("t", Kind.FILE, 5), e("deep/er/file", Kind.FILE, 2)),
            layer("top",
                    e("a", Kind.DIRECTORY, 0), e("a/x", Kind.FILE, 20), e("a/y", Kind.WHITEOUT, 0),
                    e("d", Kind.OPAQUE, 0), e("d/n", Kind.FILE, 4), e("odd\tname\nhere\\", Kind.SYMLINK, 0),
                    e("t", Kind.DIRECTORY, 0), e("gone", Kind.WHITEOUT, 0),
                    new LayerEntry("hard", Kind.HARDLINK, 0, 0644, 0, 0, "a/x", 0)));

    private static Entry named(List<Entry> entries, String name) {
        return entries.stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + entries));
    }

    @Test
    void eachLayerIsMarkedAgainstTheLayersBelowIt() {
        Map<Integer, byte[]> built = FileListing.build(SCANS);
        assertThat(built).containsOnlyKeys(0, 1, FileListing.MERGED);

        List<Entry> base = FileListing.children(built.get(0), "");
        assertThat(base).extracting(Entry::name).containsExactly("a", "d", "deep", "t");
        assertThat(base).extracting(Entry::change).containsOnly(Change.ADDED);
        assertThat(named(base, "a").size()).as("a directory's bytes are its files'").isEqualTo(13);
        assertThat(named(base, "deep").mode()).as("implied by a path below it, as mkdir -p makes it")
                .isEqualTo(0755);
        assertThat(FileListing.children(built.get(0), "deep/er")).extracting(Entry::path)
                .containsExactly("deep/er/file");

        List<Entry> top = FileListing.children(built.get(1), "");
        assertThat(named(top, "a").change()).as("restated: the layer wrote it again").isEqualTo(Change.MODIFIED);
        assertThat(named(top, "d").change()).as("only holds changes").isEqualTo(Change.UNCHANGED);
        assertThat(named(top, "t").change()).as("a directory where a file was").isEqualTo(Change.MODIFIED);
        assertThat(named(top, "odd\tname\nhere\\").kind()).isEqualTo("symlink");
        assertThat(top).extracting(Entry::name).as("a whiteout of nothing changes nothing").doesNotContain("gone");
        List<Entry> a = FileListing.children(built.get(1), "a");
        assertThat(named(a, "x").change()).isEqualTo(Change.MODIFIED);
        assertThat(named(a, "y").change()).isEqualTo(Change.REMOVED);
        assertThat(named(a, "y").kind()).isEqualTo("whiteout");
        assertThat(FileListing.children(built.get(1), "d")).as("the opaque directory's lower paths are removed")
                .extracting(Entry::name, Entry::change, Entry::layer).containsExactly(
                        tuple("k", Change.REMOVED, 1), tuple("n", Change.ADDED, 1), tuple("sub", Change.REMOVED, 1));
        assertThat(FileListing.find(built.get(1), "d/sub/deep")).hasValueSatisfying(x ->
                assertThat(x.change()).isEqualTo(Change.REMOVED));
    }

    @Test
    void layerListingsAgreeWithTheReportsChangeCounts() {
        MergedTree tree = MergedTree.merge(SCANS);
        Map<Integer, byte[]> built = FileListing.build(tree);
        for (LayerChanges c : tree.layerChanges(0)) {
            Map<Change, Long> counts = new EnumMap<>(Change.class);
            FileListing.read(built.get(c.layer()), e -> counts.merge(e.change(), 1L, Long::sum));
            assertThat(counts.getOrDefault(Change.ADDED, 0L)).isEqualTo(c.added());
            assertThat(counts.getOrDefault(Change.MODIFIED, 0L)).isEqualTo(c.modified());
            assertThat(counts.getOrDefault(Change.REMOVED, 0L)).isEqualTo(c.removed());
        }
    }

    @Test
    void theMergedFileSystemHonoursWhiteoutsAndOpaqueDirectories() {
        byte[] merged = FileListing.build(SCANS).get(FileListing.MERGED);
        assertThat(FileListing.children(merged, "a")).extracting(Entry::name).containsExactly("x");
        assertThat(named(FileListing.children(merged, "a"), "x").layer()).isEqualTo(1);
        assertThat(named(FileListing.children(merged, "a"), "x").size()).isEqualTo(20);
        assertThat(FileListing.children(merged, "d")).as("opaque: nothing of the base layer")
                .extracting(Entry::name).containsExactly("n");
        assertThat(FileListing.find(merged, "d/sub/deep")).isEmpty();
        assertThat(FileListing.find(merged, "odd\tname\nhere\\")).hasValueSatisfying(x ->
                assertThat(x.linkTarget()).isEqualTo("target"));
        assertThat(FileListing.search(merged, "X", 10)).extracting(Entry::path).containsExactly("a/x");
        assertThat(FileListing.search(merged, "e", 1)).hasSize(1);
        assertThat(FileListing.find(merged, "hard")).as("a hard link is listed with its file's size")
                .hasValueSatisfying(x -> assertThat(x.kind() + ":" + x.size()).isEqualTo("hardlink:20"));
        assertThat(FileListing.find(merged, "deep/er")).as("implied directories are listed")
                .hasValueSatisfying(x -> assertThat(x.directory()).isTrue());
    }
}
