package io.whittle.xray.scan;

import java.util.Objects;

/** A regular file a {@link ContentScanner} is offered, before its content passes. */
public record FileInfo(String path, long size, int mode, long uid, long gid) {
    public FileInfo {
        Objects.requireNonNull(path, "path");
    }

    /** The last path segment. */
    public String name() {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    public boolean executable() {
        return (mode & 0111) != 0;
    }
}
