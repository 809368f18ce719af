package io.whittle.oci;

import java.io.IOException;
import java.io.InputStream;

/** One layer of an image, lazily readable. The stream is the blob as stored (compressed as its media type says). */
public interface Layer {

    /** The descriptor from the manifest: media type, digest and size of the stored blob. */
    Descriptor descriptor();

    /** The digest of the uncompressed tar, from the config's {@code rootfs.diff_ids}. */
    Digest diffId();

    /**
     * Opens the stored blob. Implementations verify digest and size while the bytes pass and fail the read
     * at the end (or at size + 1 bytes) when they do not match.
     */
    InputStream open() throws IOException;

    default Digest digest() {
        return descriptor().digest();
    }

    default long size() {
        return descriptor().size();
    }

    default String mediaType() {
        return descriptor().mediaType();
    }
}
