package io.whittle.xray.scan;

import java.util.Objects;

/**
 * One path a layer touches, after whiteouts are recognised.
 *
 * @param path       cleaned path (see {@link io.whittle.xray.tar.TarItem#path()}); for a whiteout, the path it
 *                   deletes (without {@code .wh.}); for an opaque marker, its directory
 * @param kind       what the entry is
 * @param size       content bytes from the tar header (0 but for files)
 * @param mode       permission bits incl. setuid/setgid/sticky
 * @param uid        owner
 * @param gid        group
 * @param linkTarget symlink target as stored, or a hard link's cleaned target path; empty otherwise
 * @param contentKey for files: CRC-32C of the content in the high 32 bits, CRC-32 in the low 32 bits, so equal
 *                   keys and sizes mean the same content; 0 otherwise
 */
public record LayerEntry(String path, Kind kind, long size, int mode, long uid, long gid, String linkTarget,
                         long contentKey) {
    public LayerEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(linkTarget, "linkTarget");
    }

    public enum Kind {
        FILE, DIRECTORY, SYMLINK, HARDLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO,
        /** {@code .wh.NAME}: deletes NAME from the layers below. */
        WHITEOUT,
        /** {@code .wh..wh..opq}: hides every lower child of this directory. */
        OPAQUE
    }
}
