package io.whittle.oci.transfer;

import io.whittle.oci.Descriptor;
import java.util.List;
import java.util.Optional;

/** Hears what a copy does, for progress displays. Called from several threads. */
public interface CopyListener {

    CopyListener NONE = new CopyListener() {
    };

    /** The blobs the copy will consider, once the manifests are known. */
    default void planned(List<Descriptor> blobs) {
    }

    default void blobStarted(Descriptor blob) {
    }

    /** {@code bytes} more bytes of {@code blob} were sent. */
    default void blobProgress(Descriptor blob, long bytes) {
    }

    default void blobFinished(Descriptor blob, BlobOutcome outcome) {
    }

    default void manifestWritten(Descriptor manifest, Optional<String> tag) {
    }

    /** The target already held the top manifest (under {@code tag} when given), so it was not written again. */
    default void manifestPresent(Descriptor manifest, Optional<String> tag) {
    }
}
