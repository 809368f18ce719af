package io.whittle.cli.bench;

import io.whittle.oci.Digest;
import io.whittle.testkit.HashingOutputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes one gzip (level 6, the default) layer blob into a content-addressed store ({@code root/blobs/sha256/<hex>}),
 * hashing the tar (diffID) and the blob (digest) on the way; only a 64 KiB buffer is ever held.
 */
final class StreamedLayer {
    private static final FileTime MTIME = FileTime.from(Instant.parse("2024-01-01T00:00:00Z"));

    /** What was written: the blob's digest and size, the tar's digest and size, and the regular files in it. */
    record Blob(Digest digest, long size, Digest diffId, long uncompressedSize, long files) {
    }

    /** One planned tar entry; content is generated from {@code seed} while written. */
    record Entry(String path, Kind kind, long size, long seed, SyntheticContent content, String link) {
        enum Kind { FILE, SYMLINK, HARDLINK }

        static Entry file(String path, SyntheticContent content, long size, long seed) {
            return new Entry(path, Kind.FILE, size, seed, content, "");
        }

        /** An empty file, as whiteouts are. */
        static Entry empty(String path) {
            return new Entry(path, Kind.FILE, 0, 0, SyntheticContent.TEXT, "");
        }

        static Entry symlink(String path, String target) {
            return new Entry(path, Kind.SYMLINK, 0, 0, SyntheticContent.TEXT, target);
        }

        static Entry hardLink(String path, String target) {
            return new Entry(path, Kind.HARDLINK, 0, 0, SyntheticContent.TEXT, target);
        }
    }

    private StreamedLayer() {
    }

    /** Writes the entries in order; each one's parent directories get an entry the first time the layer meets them. */
    static Blob write(Path store, List<Entry> entries) throws IOException {
        return write(store, out -> {
            long files = 0;
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8")) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                Set<String> dirs = new HashSet<>();
                byte[] scratch = new byte[1 << 16];
                for (Entry e : entries) {
                    parents(tar, e.path(), dirs);
                    TarArchiveEntry t = switch (e.kind()) {
                        case FILE -> entry(e.path(), TarConstants.LF_NORMAL, e.path().contains("/bin/") ? 0100755 : 0100644);
                        case SYMLINK -> entry(e.path(), TarConstants.LF_SYMLINK, 0120777);
                        case HARDLINK -> entry(e.path(), TarConstants.LF_LINK, 0100755);
                    };
                    if (e.kind() == Entry.Kind.FILE) {
                        t.setSize(e.size());
                        if (!e.path().substring(e.path().lastIndexOf('/') + 1).startsWith(".wh.")) {
                            files++;
                        }
                    } else {
                        t.setLinkName(e.link());
                    }
                    tar.putArchiveEntry(t);
                    if (e.size() > 0) {
                        e.content().write(tar, e.size(), e.seed(), scratch);
                    }
                    tar.closeArchiveEntry();
                }
                tar.finish();
            }
            return files;
        });
    }

    /** Compresses a tar stream made elsewhere (e.g. by GNU tar from a directory). */
    static Blob compress(Path store, InputStream tarStream, long files) throws IOException {
        return write(store, out -> {
            tarStream.transferTo(out);
            out.close();
            return files;
        });
    }

    private interface TarBody {
        long writeTo(OutputStream tar) throws IOException;
    }

    private static Blob write(Path store, TarBody body) throws IOException {
        Path dir = store.resolve("blobs/sha256");
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".tmp-", "");
        try {
            MessageDigest blobHash = Digest.Algorithm.SHA256.newHasher();
            MessageDigest tarHash = Digest.Algorithm.SHA256.newHasher();
            HashingOutputStream blob = new HashingOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16), blobHash);
            HashingOutputStream tarBytes = new HashingOutputStream(
                    new BufferedOutputStream(new GZIPOutputStream(blob, 1 << 16), 1 << 16), tarHash);
            long files = body.writeTo(tarBytes);
            tarBytes.close();
            Digest digest = Digest.fromHasher(Digest.Algorithm.SHA256, blobHash);
            Files.move(tmp, dir.resolve(digest.hex()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Blob(digest, blob.count(), Digest.fromHasher(Digest.Algorithm.SHA256, tarHash), tarBytes.count(), files);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void parents(TarArchiveOutputStream tar, String path, Set<String> dirs) throws IOException {
        int slash = path.indexOf('/');
        while (slash > 0) {
            String dir = path.substring(0, slash + 1);
            if (dirs.add(dir)) {
                tar.putArchiveEntry(entry(dir, TarConstants.LF_DIR, 040755));
                tar.closeArchiveEntry();
            }
            slash = path.indexOf('/', slash + 1);
        }
    }

    private static TarArchiveEntry entry(String name, byte flag, int mode) {
        TarArchiveEntry t = new TarArchiveEntry(name, flag, true);
        t.setMode(mode);
        t.setUserId(0);
        t.setGroupId(0);
        t.setUserName("root");
        t.setGroupName("root");
        t.setLastModifiedTime(MTIME);
        return t;
    }
}
