package io.whittle.oci.inspect;

import io.whittle.oci.ImageConfig;
import io.whittle.oci.ImageManifest;
import io.whittle.oci.IndexManifest;
import java.util.Objects;
import java.util.Optional;

/** What {@code whittle inspect} found behind a reference: an image, or an index of images. */
public sealed interface Inspection {

    /** The reference as the user gave it, normalized. */
    String reference();

    /**
     * One image: its manifest and config, and the index it was chosen from when the reference named one.
     */
    record OfImage(String reference, ImageManifest manifest, ImageConfig config, Optional<IndexManifest> index)
            implements Inspection {
        public OfImage {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(manifest, "manifest");
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(index, "index");
        }
    }

    /** A multi-platform index, not resolved to one of its images. */
    record OfIndex(String reference, IndexManifest index) implements Inspection {
        public OfIndex {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(index, "index");
        }
    }
}
