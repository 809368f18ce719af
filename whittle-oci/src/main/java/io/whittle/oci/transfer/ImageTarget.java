package io.whittle.oci.transfer;

import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
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

    /**
     * As {@link #putBlob}, from a stream that checks itself as those of {@link ImageSource#openBlob} do: the read that
     * reaches its end fails when the bytes do not match {@code blob}. A target that hashes what it stores only to
     * check it may leave that to the stream (one pass over the bytes instead of two). By default {@link #putBlob}.
     */
    default void putCheckedBlob(Descriptor blob, InputStream selfChecking) throws IOException {
        putBlob(blob, selfChecking);
    }

    /** True when the target already holds a manifest with this digest. */
    boolean hasManifest(Descriptor manifest) throws IOException;

    /**
     * The digest of the manifest {@code tag} names here, answered only by a target that vouches for every manifest
     * it holds: that all the manifest references is there too (a registry checks it when a manifest is pushed; an
     * OCI layout does not). Empty when the tag is not there or the target does not vouch. A copy that finds its
     * manifest already under its tag has nothing to send.
     */
    default Optional<Digest> completeTag(String tag) throws IOException {
        return Optional.empty();
    }

    /**
     * True when the target holds this manifest and vouches for all it references (see {@link #completeTag}), so
     * that a copy has at most the tag left to write. False by default.
     */
    default boolean holdsComplete(Descriptor manifest) throws IOException {
        return false;
    }

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
