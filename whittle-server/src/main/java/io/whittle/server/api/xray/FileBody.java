package io.whittle.server.api.xray;

import java.util.Optional;

/**
 * A path in a report's file explorer.
 *
 * @param path   absolute ({@code /usr/bin/sh})
 * @param kind   {@code file}, {@code directory}, {@code symlink}, {@code hardlink}, {@code whiteout}…
 * @param size   a file's bytes; a directory's: the bytes of the files under it in this listing
 * @param mode   permission bits in octal, e.g. {@code 755}
 * @param layer  the layer the path comes from
 * @param change against the layers below: added, modified, removed, or unchanged (and always so in the merged view)
 */
public record FileBody(String name, String path, String kind, long size, String mode, Optional<String> linkTarget,
                       int layer, FileListing.Change change) {

    static FileBody of(FileListing.Entry e) {
        return new FileBody(e.name(), "/" + e.path(), e.kind(), e.size(), Integer.toOctalString(e.mode()),
                e.linkTarget().isEmpty() ? Optional.empty() : Optional.of(e.linkTarget()), e.layer(), e.change());
    }
}
