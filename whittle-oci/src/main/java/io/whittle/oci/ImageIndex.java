package io.whittle.oci;

import java.io.IOException;

/** A multi-platform index whose children are images or further indexes, all lazy. */
public interface ImageIndex {

    IndexManifest manifest() throws IOException;

    /** The child image with that descriptor (a manifest listed in this index). */
    Image image(Descriptor child) throws IOException;

    /** The child index with that descriptor (a nested index). */
    ImageIndex index(Descriptor child) throws IOException;

    default Digest digest() throws IOException {
        return manifest().digest();
    }

    /** The image for a platform, chosen as {@link IndexManifest#select} does. */
    default Image image(Platform platform) throws IOException {
        return image(manifest().select(platform));
    }
}
