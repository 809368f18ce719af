package io.whittle.xray.pkg;

import java.util.ArrayDeque;
import java.util.Deque;

/** Path helpers for the engine's cleaned, relative paths ("usr/bin/sh"). */
final class Paths {
    private Paths() {
    }

    /** The directory part of a cleaned path, "" at the top. */
    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * {@code relative} resolved against directory {@code base} and cleaned (".", "..", doubled and leading slashes
     * dropped); an absolute {@code relative} is taken from the root.
     */
    static String resolve(String base, String relative) {
        String joined = relative.startsWith("/") ? relative : base.isEmpty() ? relative : base + "/" + relative;
        return clean(joined);
    }

    static String clean(String path) {
        Deque<String> parts = new ArrayDeque<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
    }
}
