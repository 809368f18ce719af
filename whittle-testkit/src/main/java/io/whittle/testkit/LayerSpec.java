package io.whittle.testkit;

import io.whittle.oci.MediaType.Compression;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What one layer's tar holds, in order, and how it is compressed. Paths are written exactly as given (no
 * normalisation), so tests can build hostile archives ({@code ../x}, absolute paths, links out of the tree)
 * as well as ordinary ones. Every entry gets the same fixed modification time, so equal specs give equal
 * digests.
 *
 * <pre>{@code
 * LayerSpec layer = LayerSpec.builder()
 *         .dir("etc").file("etc/hello", "hi\n")
 *         .symlink("etc/link", "hello").hardLink("etc/again", "etc/hello")
 *         .whiteout("var/old").opaque("var/cache")
 *         .compression(Compression.ZSTD)
 *         .build();
 * }</pre>
 *
 * @param entries     the tar entries in order
 * @param compression how the blob is compressed
 * @param level       the compression level; 0 means the codec's default (gzip 6, zstd 3)
 * @param createdBy   the {@code created_by} of this layer's history entry
 * @param mtime       the modification time of every entry
 */
public record LayerSpec(List<Entry> entries, Compression compression, int level, String createdBy, Instant mtime) {

    /** The modification time used unless a spec says otherwise. */
    public static final Instant DEFAULT_MTIME = Instant.parse("2024-01-01T00:00:00Z");

    public LayerSpec {
        entries = List.copyOf(entries);
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(mtime, "mtime");
        if (level < 0 || level > 19) {
            throw new IllegalArgumentException("compression level " + level + " is out of range: use 0 for the default,"
                    + " 1-9 for gzip or 1-19 for zstd");
        }
    }

    /** A builder for a gzip layer with the default mtime. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A layer holding one file of {@code size} pseudo-random (incompressible) bytes generated from {@code seed},
     * compressed with gzip level 1; it is streamed to disk, never held in memory.
     */
    public static LayerSpec random(long size, long seed) {
        return builder().randomFile("data/random-" + seed + ".bin", size, seed).level(1)
                .createdBy("RUN generate " + size + " random bytes (seed " + seed + ")").build();
    }

    /** Total size of the files' contents, before tar framing. */
    public long contentSize() {
        long total = 0;
        for (Entry e : entries) {
            if (e instanceof Entry.File f) {
                total += f.content().length;
            } else if (e instanceof Entry.RandomFile r) {
                total += r.size();
            }
        }
        return total;
    }

    /** One tar entry. */
    public sealed interface Entry {
        String path();

        /** A regular file with these bytes. */
        record File(String path, byte[] content, int mode, int uid, int gid) implements Entry {
            public File {
                Objects.requireNonNull(path, "path");
                content = content.clone();
            }

            @Override
            public byte[] content() {
                return content.clone();
            }

            byte[] contentUnsafe() {
                return content;
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof File f && path.equals(f.path) && Arrays.equals(content, f.content) && mode == f.mode
                        && uid == f.uid && gid == f.gid;
            }

            @Override
            public int hashCode() {
                return Objects.hash(path, Arrays.hashCode(content), mode, uid, gid);
            }

            @Override
            public String toString() {
                return "File[" + path + ", " + content.length + " bytes, mode " + Integer.toOctalString(mode) + "]";
            }
        }

        /** A regular file of {@code size} pseudo-random bytes from {@code seed}, generated while written. */
        record RandomFile(String path, long size, long seed, int mode) implements Entry {
            public RandomFile {
                Objects.requireNonNull(path, "path");
                if (size < 0) {
                    throw new IllegalArgumentException("a random file needs a size >= 0, got " + size);
                }
            }
        }

        record Directory(String path, int mode, int uid, int gid) implements Entry {
            public Directory {
                Objects.requireNonNull(path, "path");
            }
        }

        record Symlink(String path, String target) implements Entry {
            public Symlink {
                Objects.requireNonNull(path, "path");
                Objects.requireNonNull(target, "target");
            }
        }

        /** A hard link to {@code target}, a path inside the same layer (as tar names it). */
        record HardLink(String path, String target) implements Entry {
            public HardLink {
                Objects.requireNonNull(path, "path");
                Objects.requireNonNull(target, "target");
            }
        }

        /** A device node or FIFO, for tests that check such entries are never created. */
        record Special(String path, Kind kind, int major, int minor) implements Entry {
            public Special {
                Objects.requireNonNull(path, "path");
                Objects.requireNonNull(kind, "kind");
            }

            public enum Kind {
                CHAR_DEVICE, BLOCK_DEVICE, FIFO
            }
        }
    }

    /** Collects entries in order. Files default to mode 0644, directories to 0755, owner 0:0. */
    public static final class Builder {
        private final List<Entry> entries = new ArrayList<>();
        private Compression compression = Compression.GZIP;
        private int level;
        private String createdBy;
        private Instant mtime = DEFAULT_MTIME;

        private Builder() {
        }

        /** A regular file with this UTF-8 text, mode 0644. */
        public Builder file(String path, String content) {
            return file(path, content.getBytes(StandardCharsets.UTF_8), 0644, 0, 0);
        }

        /** A regular file with these bytes, mode 0644. */
        public Builder file(String path, byte[] content) {
            return file(path, content, 0644, 0, 0);
        }

        /** A regular file with this UTF-8 text and permission bits, e.g. 0755. */
        public Builder file(String path, String content, int mode) {
            return file(path, content.getBytes(StandardCharsets.UTF_8), mode, 0, 0);
        }

        /** A regular file; {@code mode} is the permission bits including setuid/setgid/sticky, e.g. 04755. */
        public Builder file(String path, byte[] content, int mode, int uid, int gid) {
            entries.add(new Entry.File(path, content, mode, uid, gid));
            return this;
        }

        /** A file of {@code size} pseudo-random bytes from {@code seed}, never held in memory. */
        public Builder randomFile(String path, long size, long seed) {
            entries.add(new Entry.RandomFile(path, size, seed, 0644));
            return this;
        }

        /** A directory, mode 0755 (a trailing slash is added in the tar). */
        public Builder dir(String path) {
            return dir(path, 0755, 0, 0);
        }

        /** A directory with these permission bits and owner. */
        public Builder dir(String path, int mode, int uid, int gid) {
            entries.add(new Entry.Directory(path, mode, uid, gid));
            return this;
        }

        /** A symbolic link to {@code target}, written as given (relative, absolute or escaping). */
        public Builder symlink(String path, String target) {
            entries.add(new Entry.Symlink(path, target));
            return this;
        }

        /** A hard link to {@code target}, a path as named in this tar. */
        public Builder hardLink(String path, String target) {
            entries.add(new Entry.HardLink(path, target));
            return this;
        }

        /** A whiteout hiding {@code path} of lower layers: an empty file {@code dir/.wh.name}. */
        public Builder whiteout(String path) {
            int slash = path.lastIndexOf('/');
            String name = slash < 0 ? ".wh." + path : path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1);
            return file(name, new byte[0], 0644, 0, 0);
        }

        /** An opaque whiteout for directory {@code dir}: an empty file {@code dir/.wh..wh..opq}. */
        public Builder opaque(String dir) {
            String base = dir.isEmpty() || dir.endsWith("/") ? dir : dir + "/";
            return file(base + ".wh..wh..opq", new byte[0], 0644, 0, 0);
        }

        /** A FIFO entry. */
        public Builder fifo(String path) {
            entries.add(new Entry.Special(path, Entry.Special.Kind.FIFO, 0, 0));
            return this;
        }

        /** A character device entry. */
        public Builder charDevice(String path, int major, int minor) {
            entries.add(new Entry.Special(path, Entry.Special.Kind.CHAR_DEVICE, major, minor));
            return this;
        }

        /** Any entry, as made by hand. */
        public Builder entry(Entry entry) {
            entries.add(Objects.requireNonNull(entry, "entry"));
            return this;
        }

        /** gzip (the default), zstd or none. */
        public Builder compression(Compression compression) {
            this.compression = compression;
            return this;
        }

        /** Compression level; 0 (the default) is the codec's default. */
        public Builder level(int level) {
            this.level = level;
            return this;
        }

        /** The {@code created_by} of the layer's history entry; by default a COPY line naming the first paths. */
        public Builder createdBy(String createdBy) {
            this.createdBy = createdBy;
            return this;
        }

        /** The modification time of every entry; default {@link LayerSpec#DEFAULT_MTIME}. */
        public Builder mtime(Instant mtime) {
            this.mtime = mtime;
            return this;
        }

        /** The spec; validated as a record. */
        public LayerSpec build() {
            String by = createdBy != null ? createdBy
                    : "COPY " + entries.stream().map(Entry::path).limit(3).reduce((a, b) -> a + " " + b).orElse("nothing")
                    + " /";
            return new LayerSpec(entries, compression, level, by, mtime);
        }
    }
}
