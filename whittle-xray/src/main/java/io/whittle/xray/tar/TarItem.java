package io.whittle.xray.tar;

import java.util.Objects;

/**
 * One tar entry as the reader hands it on, its path already made safe.
 *
 * @param path       relative, cleaned path: no leading {@code /} or {@code ./}, no trailing {@code /}, no
 *                   {@code .} or {@code ..} segments (a path climbing out of the root is clamped to it and
 *                   reported as a {@link TarAnomaly}); never empty (entries naming the root are dropped)
 * @param type       what the entry is
 * @param size       content size from the header (0 for everything but files)
 * @param mode       permission bits including setuid/setgid/sticky ({@code 07777})
 * @param uid        owner
 * @param gid        group
 * @param linkTarget a symlink's target exactly as stored; a hard link's target as a cleaned path like
 *                   {@code path}; empty otherwise
 * @param mtime      modification time, seconds since the epoch
 */
public record TarItem(String path, EntryType type, long size, int mode, long uid, long gid, String linkTarget,
                      long mtime) {
    public TarItem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(linkTarget, "linkTarget");
    }
}
