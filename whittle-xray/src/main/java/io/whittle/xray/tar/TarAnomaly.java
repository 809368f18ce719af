package io.whittle.xray.tar;

import java.util.Objects;

/**
 * Something hostile or malformed in a layer that reading survived; it becomes a finding in the report.
 *
 * @param kind    what it is
 * @param path    the entry's name exactly as stored in the tar
 * @param message one sentence for the report
 */
public record TarAnomaly(Kind kind, String path, String message) {
    public TarAnomaly {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    public enum Kind {
        /** A name with {@code ..} climbing above the root; clamped. */
        TRAVERSAL,
        /** An absolute name; made relative. */
        ABSOLUTE_PATH,
        /** A backslash in a name (a Windows-style path on Linux). */
        BACKSLASH,
        /** An entry with an empty name, or naming only the root; dropped. */
        EMPTY_NAME,
        /** A hard link to a path not earlier in the same layer, or to itself. */
        BAD_HARDLINK,
        /** A symlink whose target climbs out of the root, or a symlink named {@code .} or {@code /}. */
        ESCAPING_SYMLINK,
        /** A whiteout with nothing after {@code .wh.}, or one that would reach outside its directory. */
        INVALID_WHITEOUT,
        /** A character or block device node or a FIFO. */
        DEVICE,
        /** An entry type the reader does not know; skipped. */
        UNKNOWN_TYPE
    }
}
