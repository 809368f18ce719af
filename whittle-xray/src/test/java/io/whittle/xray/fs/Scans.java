package io.whittle.xray.fs;

import io.whittle.oci.Digest;
import io.whittle.xray.scan.LayerEntry;
import io.whittle.xray.scan.LayerEntry.Kind;
import io.whittle.xray.scan.LayerScan;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Hand-built layer scans: entries in tar order, as the layer scanner would report them. */
final class Scans {
    private final List<LayerEntry> entries = new ArrayList<>();
    private final String name;

    private Scans(String name) {
        this.name = name;
    }

    static Scans layer(String name) {
        return new Scans(name);
    }

    /** A file whose content key is derived from its size, so equal sizes mean equal content unless told. */
    Scans file(String path, long size) {
        return file(path, size, 1000 + size);
    }

    Scans file(String path, long size, long contentKey) {
        return file(path, size, 0644, contentKey);
    }

    Scans file(String path, long size, int mode, long contentKey) {
        entries.add(new LayerEntry(path, Kind.FILE, size, mode, 0, 0, "", contentKey));
        return this;
    }

    Scans dir(String path) {
        entries.add(new LayerEntry(path, Kind.DIRECTORY, 0, 0755, 0, 0, "", 0));
        return this;
    }

    Scans dir(String path, int mode) {
        entries.add(new LayerEntry(path, Kind.DIRECTORY, 0, mode, 0, 0, "", 0));
        return this;
    }

    Scans symlink(String path, String target) {
        entries.add(new LayerEntry(path, Kind.SYMLINK, 0, 0777, 0, 0, target, 0));
        return this;
    }

    Scans hardLink(String path, String target) {
        entries.add(new LayerEntry(path, Kind.HARDLINK, 0, 0644, 0, 0, target, 0));
        return this;
    }

    Scans whiteout(String path) {
        entries.add(new LayerEntry(path, Kind.WHITEOUT, 0, 0644, 0, 0, "", 0));
        return this;
    }

    Scans opaque(String dir) {
        entries.add(new LayerEntry(dir, Kind.OPAQUE, 0, 0644, 0, 0, "", 0));
        return this;
    }

    LayerScan build() {
        long content = entries.stream().mapToLong(LayerEntry::size).sum();
        Digest d = Digest.sha256(name.getBytes(StandardCharsets.UTF_8));
        return new LayerScan(d, d, "application/vnd.oci.image.layer.v1.tar", 0, 0, content, entries, List.of(),
                List.of());
    }

    static MergedTree merge(Scans... layers) {
        return MergedTree.merge(java.util.Arrays.stream(layers).map(Scans::build).toList());
    }
}
