package io.whittle.xray.finding;

import io.whittle.xray.scan.FileInfo;
import java.util.Locale;

/** Cheap path tests shared by the content scanners. */
final class Candidates {
    private Candidates() {
    }

    /** A non-empty file no larger than the in-memory limit. */
    static boolean small(FileInfo file) {
        return file.size() > 0 && file.size() <= SmallFileConsumer.LIMIT;
    }

    /** Trees of third-party or distribution files, where secrets of the image's own are unlikely and files many. */
    static boolean vendored(String path) {
        return path.contains("node_modules/") || path.contains("site-packages/") || path.contains("dist-packages/")
                || path.startsWith("usr/share/") || path.startsWith("usr/include/") || path.startsWith("usr/lib/")
                || path.startsWith("usr/lib64/") || path.startsWith("lib/") || path.startsWith("proc/")
                || path.startsWith("sys/") || path.startsWith("var/lib/dpkg/") || path.startsWith("var/lib/rpm/");
    }

    /** Test fixtures ship sample keys on purpose: findings there matter less. */
    static boolean testFixture(String path) {
        String p = "/" + path.toLowerCase(Locale.ROOT) + "/";
        return p.contains("/test/") || p.contains("/tests/") || p.contains("/testdata/") || p.contains("/fixtures/")
                || p.contains("/spec/") || p.contains("/examples/");
    }

    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** Whether the directory holding {@code path} is named {@code dir}; tested in place, with no substring. */
    static boolean parentIs(String path, String dir) {
        int slash = path.lastIndexOf('/');
        int start = slash - dir.length();
        return start >= 0 && (start == 0 || path.charAt(start - 1) == '/') && path.startsWith(dir, start);
    }

    static String parentName(String path) {
        int slash = path.lastIndexOf('/');
        if (slash < 0) {
            return "";
        }
        int before = path.lastIndexOf('/', slash - 1);
        return path.substring(before + 1, slash);
    }
}
