package io.whittle.testkit;

import com.github.luben.zstd.ZstdOutputStream;
import io.whittle.oci.Digest;
import io.whittle.oci.MediaType.Compression;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Streams a {@link LayerSpec} into a compressed tar blob on disk, hashing the tar (diffID) and the blob
 * (digest) on the way; nothing is held in memory beyond a buffer.
 */
final class LayerWriter {
    private LayerWriter() {
    }

    /** What writing a layer produced. */
    record Written(Digest digest, long size, Digest diffId, long uncompressedSize, Path file) {
    }

    static Written write(LayerSpec spec, BlobStore store) throws IOException {
        Path tmp = store.newTemp();
        try {
            MessageDigest blobHash = Digest.Algorithm.SHA256.newHasher();
            MessageDigest tarHash = Digest.Algorithm.SHA256.newHasher();
            HashingOutputStream blob = new HashingOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16), blobHash);
            OutputStream compressed = compressor(spec, blob);
            HashingOutputStream tarBytes = new HashingOutputStream(new BufferedOutputStream(compressed, 1 << 16), tarHash);
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes, "UTF-8")) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                tar.setAddPaxHeadersForNonAsciiNames(true);
                for (LayerSpec.Entry e : spec.entries()) {
                    writeEntry(tar, e, FileTime.from(spec.mtime()));
                }
                tar.finish();
            }
            Digest digest = Digest.fromHasher(Digest.Algorithm.SHA256, blobHash);
            Digest diffId = Digest.fromHasher(Digest.Algorithm.SHA256, tarHash);
            Path file = store.commit(tmp, digest);
            return new Written(digest, blob.count(), diffId, tarBytes.count(), file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static OutputStream compressor(LayerSpec spec, OutputStream out) throws IOException {
        return switch (spec.compression()) {
            case NONE -> out;
            case GZIP -> new LevelledGzip(out, spec.level() == 0 ? Deflater.DEFAULT_COMPRESSION : Math.min(9, spec.level()));
            case ZSTD -> new ZstdOutputStream(out, spec.level() == 0 ? 3 : spec.level());
        };
    }

    private static void writeEntry(TarArchiveOutputStream tar, LayerSpec.Entry e, FileTime mtime) throws IOException {
        TarArchiveEntry t;
        switch (e) {
            case LayerSpec.Entry.File f -> {
                t = entry(f.path(), TarConstants.LF_NORMAL, 0100000 | f.mode(), f.uid(), f.gid(), mtime);
                byte[] content = f.contentUnsafe();
                t.setSize(content.length);
                tar.putArchiveEntry(t);
                tar.write(content);
                tar.closeArchiveEntry();
                return;
            }
            case LayerSpec.Entry.RandomFile r -> {
                t = entry(r.path(), TarConstants.LF_NORMAL, 0100000 | r.mode(), 0, 0, mtime);
                t.setSize(r.size());
                tar.putArchiveEntry(t);
                writeRandom(tar, r.size(), r.seed());
                tar.closeArchiveEntry();
                return;
            }
            case LayerSpec.Entry.Directory d -> {
                String name = d.path().endsWith("/") ? d.path() : d.path() + "/";
                t = entry(name, TarConstants.LF_DIR, 040000 | d.mode(), d.uid(), d.gid(), mtime);
            }
            case LayerSpec.Entry.Symlink s -> {
                t = entry(s.path(), TarConstants.LF_SYMLINK, 0120777, 0, 0, mtime);
                t.setLinkName(s.target());
            }
            case LayerSpec.Entry.HardLink h -> {
                t = entry(h.path(), TarConstants.LF_LINK, 0100644, 0, 0, mtime);
                t.setLinkName(h.target());
            }
            case LayerSpec.Entry.Special s -> {
                byte flag = switch (s.kind()) {
                    case CHAR_DEVICE -> TarConstants.LF_CHR;
                    case BLOCK_DEVICE -> TarConstants.LF_BLK;
                    case FIFO -> TarConstants.LF_FIFO;
                };
                int type = switch (s.kind()) {
                    case CHAR_DEVICE -> 020000;
                    case BLOCK_DEVICE -> 060000;
                    case FIFO -> 010000;
                };
                t = entry(s.path(), flag, type | 0644, 0, 0, mtime);
                t.setDevMajor(s.major());
                t.setDevMinor(s.minor());
            }
        }
        tar.putArchiveEntry(t);
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(String name, byte flag, int mode, int uid, int gid, FileTime mtime) {
        // preserveAbsolutePath keeps names exactly as the spec gives them, hostile ones included.
        TarArchiveEntry t = new TarArchiveEntry(name, flag, true);
        t.setMode(mode);
        t.setUserId(uid);
        t.setGroupId(gid);
        // The default owner name is the JVM's user; fixed names keep digests the same on every machine.
        t.setUserName("");
        t.setGroupName("");
        t.setLastModifiedTime(mtime);
        return t;
    }

    /** Writes {@code size} bytes of a fast, seeded pseudo-random sequence: incompressible and reproducible. */
    static void writeRandom(OutputStream out, long size, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] buf = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            for (int i = 0; i < buf.length; i += 8) {
                long v = random.nextLong();
                buf[i] = (byte) v;
                buf[i + 1] = (byte) (v >>> 8);
                buf[i + 2] = (byte) (v >>> 16);
                buf[i + 3] = (byte) (v >>> 24);
                buf[i + 4] = (byte) (v >>> 32);
                buf[i + 5] = (byte) (v >>> 40);
                buf[i + 6] = (byte) (v >>> 48);
                buf[i + 7] = (byte) (v >>> 56);
            }
            int n = (int) Math.min(buf.length, left);
            out.write(buf, 0, n);
            left -= n;
        }
    }

    private static final class LevelledGzip extends GZIPOutputStream {
        LevelledGzip(OutputStream out, int level) throws IOException {
            super(out, 1 << 16);
            def.setLevel(level);
        }
    }
}
