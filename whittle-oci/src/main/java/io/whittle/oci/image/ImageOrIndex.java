package io.whittle.oci.image;

import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.Image;
import io.whittle.oci.ImageIndex;
import io.whittle.oci.IndexManifest;
import io.whittle.oci.Manifest;
import io.whittle.oci.Platform;
import java.io.IOException;
import java.util.Objects;

/** What a tag or digest names: a single image or an index of images. */
public sealed interface ImageOrIndex {

    /** The manifest with its original bytes. */
    Manifest manifest() throws IOException;

    default Digest digest() throws IOException {
        return manifest().digest();
    }

    /**
     * The image for {@code platform}: an index is resolved through {@link IndexManifest#select}, nested
     * indexes included; a single image is returned as it is, whatever its platform (as {@code docker pull} does).
     */
    Image image(Platform platform) throws IOException;

    /** A single-platform image. */
    record OfImage(Image image) implements ImageOrIndex {
        public OfImage {
            Objects.requireNonNull(image, "image");
        }

        @Override
        public Manifest manifest() throws IOException {
            return image.manifest();
        }

        @Override
        public Image image(Platform platform) {
            return image;
        }
    }

    /** A multi-platform index. */
    record OfIndex(ImageIndex index) implements ImageOrIndex {
        public OfIndex {
            Objects.requireNonNull(index, "index");
        }

        @Override
        public Manifest manifest() throws IOException {
            return index.manifest();
        }

        @Override
        public Image image(Platform platform) throws IOException {
            ImageIndex current = index;
            // Nested indexes are rare but legal; a small bound keeps a looping source from spinning forever.
            for (int depth = 0; depth < 8; depth++) {
                Descriptor chosen = current.manifest().select(platform);
                if (!io.whittle.oci.MediaType.isIndex(chosen.mediaType())) {
                    return current.image(chosen);
                }
                current = current.index(chosen);
            }
            throw new io.whittle.oci.OciException("the index nests indexes more than 8 deep: it cannot be resolved to"
                    + " an image for " + platform);
        }
    }
}
