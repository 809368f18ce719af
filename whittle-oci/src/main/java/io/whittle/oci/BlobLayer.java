package io.whittle.oci;

import java.io.IOException;
import java.io.InputStream;

/** A layer read through its image's {@link Image#openBlob}. */
record BlobLayer(Image image, Descriptor descriptor, Digest diffId) implements Layer {
    @Override
    public InputStream open() throws IOException {
        return image.openBlob(descriptor);
    }
}
