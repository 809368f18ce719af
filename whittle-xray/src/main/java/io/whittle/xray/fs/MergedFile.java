package io.whittle.xray.fs;

import io.whittle.xray.scan.LayerEntry;
import java.util.Objects;

/** A path of the merged root file system and the layer its visible version comes from. */
public record MergedFile(String path, LayerEntry.Kind kind, long size, int mode, long uid, long gid,
                         String linkTarget, int layer, long contentKey) {
    public MergedFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(linkTarget, "linkTarget");
    }
}
