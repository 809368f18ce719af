package io.whittle.xray.scan;

import io.whittle.oci.Digest;
import io.whittle.xray.tar.TarAnomaly;
import java.util.List;
import java.util.Objects;

/**
 * Everything X-ray keeps of one layer after streaming it once: its entries (tar order, a path repeated in
 * the same layer kept only at its last occurrence), what content scanners found and what was hostile. This
 * is what the layer cache stores, keyed by layer digest and scanner versions.
 *
 * @param digest         the blob digest (compressed)
 * @param diffId         the digest of the uncompressed tar, verified while read
 * @param mediaType      the layer's media type
 * @param compressedSize blob bytes
 * @param tarBytes       uncompressed tar bytes
 * @param contentBytes   sum of the tar header sizes of all entries (dive's layer size)
 */
public record LayerScan(Digest digest, Digest diffId, String mediaType, long compressedSize, long tarBytes,
                        long contentBytes, List<LayerEntry> entries, List<Evidence> evidence,
                        List<TarAnomaly> anomalies) {
    public LayerScan {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(diffId, "diffId");
        Objects.requireNonNull(mediaType, "mediaType");
        entries = List.copyOf(entries);
        evidence = List.copyOf(evidence);
        anomalies = List.copyOf(anomalies);
    }
}
