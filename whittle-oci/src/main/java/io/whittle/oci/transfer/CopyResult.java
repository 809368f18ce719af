package io.whittle.oci.transfer;

import io.whittle.oci.Digest;
import java.util.Objects;

/**
 * What a copy did.
 *
 * @param digest           the digest of the top manifest written (the chosen image when one platform was taken)
 * @param mediaType        its media type
 * @param blobsSkipped     blobs the target already had
 * @param blobsMounted     blobs borrowed from another repository of the same registry
 * @param blobsCopied      blobs whose bytes were sent
 * @param foreignSkipped   non-distributable layers left out because they name urls
 * @param bytesSent        blob bytes sent
 * @param manifestsWritten manifests stored, the top one included
 * @param manifestsSkipped manifests the target already had (the top one when it was already under its tag)
 */
public record CopyResult(Digest digest, String mediaType, int blobsSkipped, int blobsMounted, int blobsCopied,
                         int foreignSkipped, long bytesSent, int manifestsWritten, int manifestsSkipped) {
    public CopyResult {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(mediaType, "mediaType");
    }

    /** Blobs considered, whatever happened to them (foreign layers not counted). */
    public int blobs() {
        return blobsSkipped + blobsMounted + blobsCopied;
    }
}
