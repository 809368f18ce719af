package io.whittle.server.api.xray;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.oci.Digest;
import io.whittle.server.api.xray.FileListing.Change;
import io.whittle.server.api.xray.FileListing.Entry;
import io.whittle.xray.scan.LayerEntry;
import io.whittle.xray.scan.LayerEntry.Kind;
import io.whittle.xray.scan.LayerScan;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The explorer's listings: marks against the layers below, whiteouts and opaque directories, the merged view. */
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
                    e("t", Kind.DIRECTORY, 0)));

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
        assertThat(base).extracting(Entry::change).containsOnly(Change.ADDED, Change.UNCHANGED);
        assertThat(named(base, "a").size()).as("a directory's bytes are its files'").isEqualTo(13);
        assertThat(named(base, "deep").change()).as("implied by a path below it").isEqualTo(Change.UNCHANGED);
        assertThat(FileListing.children(built.get(0), "deep/er")).extracting(Entry::path)
                .containsExactly("deep/er/file");

        List<Entry> top = FileListing.children(built.get(1), "");
        assertThat(named(top, "a").change()).as("restated as it was").isEqualTo(Change.UNCHANGED);
        assertThat(named(top, "t").change()).as("a directory where a file was").isEqualTo(Change.MODIFIED);
        assertThat(named(top, "odd\tname\nhere\\").kind()).isEqualTo("symlink");
        List<Entry> a = FileListing.children(built.get(1), "a");
        assertThat(named(a, "x").change()).isEqualTo(Change.MODIFIED);
        assertThat(named(a, "y").change()).isEqualTo(Change.REMOVED);
        assertThat(named(a, "y").kind()).isEqualTo("whiteout");
        assertThat(FileListing.children(built.get(1), "d")).extracting(Entry::name, Entry::change)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("n", Change.ADDED));
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
    }
}
