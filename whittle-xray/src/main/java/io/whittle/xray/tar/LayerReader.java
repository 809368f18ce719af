package io.whittle.xray.tar;

import io.whittle.oci.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/** Streams one layer blob once, hardened as SECURITY.md says. */
public final class LayerReader {
    private final TarLimits limits;

    public LayerReader(TarLimits limits) {
        this.limits = limits;
    }

    /**
     * Decompresses {@code blob} as {@code mediaType} says (gzip, zstd or plain tar, Docker or OCI, also
     * non-distributable; an unknown type is sniffed by magic bytes), hashes the tar and fails with
     * {@link LayerException.Kind#CORRUPT} at the end when {@code expectedDiffId} (if not null) does not match,
     * and calls the visitor for each entry in order. The caller closes {@code blob}.
     */
    public LayerReadResult read(InputStream blob, String mediaType, Digest expectedDiffId, TarVisitor visitor)
            throws IOException {
        Digest.Algorithm algorithm = expectedDiffId == null ? Digest.Algorithm.SHA256 : expectedDiffId.algorithm();
        MessageDigest hasher = algorithm.newHasher();
        SourceTap source = new SourceTap(blob);
        InputStream decompressed = null;
        TarGuard guard = null;
        try {
            try {
                decompressed = Decompression.open(source, mediaType);
            } catch (IOException | RuntimeException e) {
                throw Failures.translate(e, source, null);
            }
            guard = new TarGuard(decompressed, hasher, limits.maxLayerBytes());
            long entries = new TarPass(limits, guard, source, visitor).run();
            drainBlob(source, guard);
            Digest diffId = Digest.fromHasher(algorithm, hasher);
            if (expectedDiffId != null && !expectedDiffId.equals(diffId)) {
                throw new LayerException(LayerException.Kind.CORRUPT, "The layer's uncompressed tar hashes to "
                        + diffId + " but the image config says " + expectedDiffId
                        + ": the image is damaged or was tampered with; rebuild or re-push it.");
            }
            return new LayerReadResult(diffId, guard.total(), entries);
        } finally {
            if (decompressed != null) {
                try {
                    decompressed.close(); // frees the inflater or zstd context; the blob itself stays open
                } catch (IOException | RuntimeException ignored) {
                    // nothing useful to do: the result (or the failure) is already decided
                }
            }
        }
    }

    /**
     * Reads the blob past the end of the compressed stream: decompressors stop at their own end marker, and the
     * blob verifies its digest only when it is read to its end. Bytes there are allowed (and ignored) up to the
     * layer limit.
     */
    private void drainBlob(SourceTap source, TarGuard guard) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long trailing = 0;
        try {
            for (int n = source.read(buffer, 0, buffer.length); n >= 0; n = source.read(buffer, 0, buffer.length)) {
                trailing += n;
                if (trailing > limits.maxLayerBytes()) {
                    throw new LayerException(LayerException.Kind.LIMIT, "The layer blob goes on for more than "
                            + limits.maxLayerBytes() + " bytes after its compressed tar ends, the limit set by"
                            + " maxLayerBytes: the blob is probably hostile.");
                }
            }
        } catch (IOException | RuntimeException e) {
            throw Failures.translate(e, source, guard);
        }
    }
}
