package io.whittle.oci.transfer;

import io.whittle.oci.Descriptor;
import io.whittle.oci.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** Where images are written: one repository of a registry, or one OCI layout directory. */
public interface ImageTarget {

    String describe();

    /** True when the target already holds this blob (so its bytes need not be sent). */
    boolean hasBlob(Descriptor blob) throws IOException;

    /**
     * Makes the blob present without sending its bytes, when the target can borrow it from {@code from}
     * (a cross-repository mount on the same registry). False when that is not possible; the caller then
     * sends the bytes.
     */
    default boolean mountBlob(Descriptor blob, ImageSource from) throws IOException {
        return false;
    }

    /** Stores a blob from a stream of exactly {@code blob.size()} bytes, verifying its digest. */
    void putBlob(Descriptor blob, InputStream content) throws IOException;

    /** True when the target already holds a manifest with this digest. */
    boolean hasManifest(Descriptor manifest) throws IOException;

    /** Stores the manifest's bytes unchanged: under its digest, and under {@code tag} when given. */
    void putManifest(Manifest manifest, Optional<String> tag) throws IOException;

    /**
     * Stores the manifest a copy was asked for, after everything it references. A registry needs nothing more
     * than {@link #putManifest}; a target that lists its top-level manifests (an OCI layout's
     * {@code index.json}) lists this one even when no tag is given, so that it can be found again.
     */
    default void putTopManifest(Manifest manifest, Optional<String> tag) throws IOException {
        putManifest(manifest, tag);
    }
}
