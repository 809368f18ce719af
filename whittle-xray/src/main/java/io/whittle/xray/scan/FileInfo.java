package io.whittle.xray.scan;

import java.util.Objects;

/**
 * A regular file a {@link ContentScanner} is offered, before its content passes. {@code name} is the last path
 * segment, worked out once: every scanner asks for it, for every file.
 */
public record FileInfo(String path, long size, int mode, long uid, long gid, String name) {
    public FileInfo {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(name, "name");
        int start = path.lastIndexOf('/') + 1;
        if (name.length() != path.length() - start || !path.startsWith(name, start)) {
            throw new IllegalArgumentException("name '" + name + "' is not the last segment of path '" + path + "'");
        }
    }

    public FileInfo(String path, long size, int mode, long uid, long gid) {
        this(path, size, mode, uid, gid, nameOf(Objects.requireNonNull(path, "path")));
    }

    private static String nameOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }

    public boolean executable() {
        return (mode & 0111) != 0;
    }
}
