package io.whittle.xray.scan;

import io.whittle.oci.Digest;
import java.io.IOException;
import java.util.Optional;

/**
 * Layer scans kept between X-rays, so an image sharing layers with one seen before reads only the new ones.
 * Keys are the layer digest plus a fingerprint of the scanners' versions. Entries are written to a temporary
 * name and renamed, so a crash never leaves one that looks complete; concurrent writers of one key are fine.
 */
public interface LayerCache {

    Optional<LayerScan> get(Digest layer, String fingerprint) throws IOException;

    void put(LayerScan scan, String fingerprint) throws IOException;

    /** A cache that keeps nothing. */
    LayerCache NONE = new LayerCache() {
        @Override
        public Optional<LayerScan> get(Digest layer, String fingerprint) {
            return Optional.empty();
        }

        @Override
        public void put(LayerScan scan, String fingerprint) {
        }
    };
}
