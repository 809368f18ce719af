package io.whittle.testkit;

import io.whittle.oci.Digest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Remembers, next to a factory's blobs, which digest a large layer spec produced, so a later factory on the same
 * directory reuses the blob instead of generating and compressing hundreds of megabytes again.
 */
final class LayerCache {
    /** Layers with less content are cheaper to rebuild than to look up. */
    static final long MIN_CONTENT = 1L << 20;

    private LayerCache() {
    }

    static Optional<LayerWriter.Written> lookup(Path root, BlobStore store, LayerSpec spec) throws IOException {
        Path entry = entry(root, spec);
        if (!Files.exists(entry)) {
            return Optional.empty();
        }
        String[] f = Files.readString(entry, StandardCharsets.US_ASCII).trim().split(" ");
        if (f.length != 4) {
            return Optional.empty();
        }
        Digest digest = Digest.parse(f[0]);
        long size = Long.parseLong(f[1]);
        Path file = store.path(digest);
        if (!Files.isRegularFile(file) || Files.size(file) != size) {
            return Optional.empty();
        }
        return Optional.of(new LayerWriter.Written(digest, size, Digest.parse(f[2]), Long.parseLong(f[3]), file));
    }

    static void remember(Path root, LayerSpec spec, LayerWriter.Written w) throws IOException {
        Path entry = entry(root, spec);
        Files.createDirectories(entry.getParent());
        Path tmp = Files.createTempFile(entry.getParent(), ".tmp-", "");
        Files.writeString(tmp, w.digest() + " " + w.size() + " " + w.diffId() + " " + w.uncompressedSize() + "\n",
                StandardCharsets.US_ASCII);
        Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Path entry(Path root, LayerSpec spec) {
        return root.resolve(".layer-cache").resolve(key(spec).hex());
    }

    /** A digest over everything in the spec that decides the blob's bytes. */
    static Digest key(LayerSpec spec) {
        MessageDigest md = Digest.Algorithm.SHA256.newHasher();
        update(md, "v1 " + spec.compression() + " " + spec.level() + " " + spec.mtime());
        for (LayerSpec.Entry e : spec.entries()) {
            switch (e) {
                case LayerSpec.Entry.File file -> {
                    update(md, "F " + file.path() + " " + file.mode() + " " + file.uid() + " " + file.gid() + " "
                            + Digest.sha256(file.contentUnsafe()));
                }
                case LayerSpec.Entry.RandomFile r -> update(md, "R " + r.path() + " " + r.size() + " " + r.seed() + " "
                        + r.mode());
                case LayerSpec.Entry.Directory d -> update(md, "D " + d.path() + " " + d.mode() + " " + d.uid() + " "
                        + d.gid());
                case LayerSpec.Entry.Symlink l -> update(md, "S " + l.path() + " " + l.target());
                case LayerSpec.Entry.HardLink h -> update(md, "H " + h.path() + " " + h.target());
                case LayerSpec.Entry.Special x -> update(md, "X " + x.path() + " " + x.kind() + " " + x.major() + " "
                        + x.minor());
            }
        }
        return Digest.fromHasher(Digest.Algorithm.SHA256, md);
    }

    private static void update(MessageDigest md, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        md.update((byte) (b.length >>> 24));
        md.update((byte) (b.length >>> 16));
        md.update((byte) (b.length >>> 8));
        md.update((byte) b.length);
        md.update(b);
    }
}
