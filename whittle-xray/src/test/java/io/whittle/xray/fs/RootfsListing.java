package io.whittle.xray.fs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.TreeMap;

/**
 * One line per path, comparable between a merged tree and a root file system unpacked on disk (by umoci): type,
 * size of regular files, permission bits and link targets. Owners are left out: a rootless unpack owns everything
 * itself. Hard links read as the regular files they are on disk.
 */
public final class RootfsListing {
    private RootfsListing() {
    }

    /** Every path of the merged tree, described. */
    public static TreeMap<String, String> of(MergedTree tree) {
        TreeMap<String, String> out = new TreeMap<>();
        tree.forEach(f -> out.put(f.path(), describe(f)));
        return out;
    }

    public static String describe(MergedFile f) {
        return switch (f.kind()) {
            case DIRECTORY -> "dir " + Integer.toOctalString(f.mode());
            case SYMLINK -> "symlink -> " + f.linkTarget();
            case FILE, HARDLINK -> "file " + f.size() + " " + Integer.toOctalString(f.mode());
            default -> "other " + f.kind();
        };
    }

    /** Every path under {@code rootfs} (not itself), described. */
    public static TreeMap<String, String> onDisk(Path rootfs) throws IOException {
        TreeMap<String, String> out = new TreeMap<>();
        Files.walkFileTree(rootfs, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(rootfs)) {
                    out.put(relative(dir), "dir " + Integer.toOctalString(mode(dir)));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String description;
                if (attrs.isSymbolicLink()) {
                    description = "symlink -> " + Files.readSymbolicLink(file);
                } else if (attrs.isRegularFile()) {
                    description = "file " + attrs.size() + " " + Integer.toOctalString(mode(file));
                } else {
                    description = "other";
                }
                out.put(relative(file), description);
                return FileVisitResult.CONTINUE;
            }

            private String relative(Path p) {
                return rootfs.relativize(p).toString();
            }
        });
        return out;
    }

    /** Permission bits with setuid, setgid and sticky, of the path itself (links not followed). */
    public static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    public static long inode(Path p) {
        try {
            return (Long) Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
