package io.whittle.oci;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A single-platform image: a manifest, a config and layers, all lazy. A remote image, an image in an OCI
 * layout directory and an in-memory test image implement it alike.
 */
public interface Image {

    /** The manifest with its original bytes. */
    ImageManifest manifest() throws IOException;

    /** The raw config blob, verified against the manifest's config descriptor. */
    byte[] rawConfig() throws IOException;

    /** Opens any blob this image references (config or layer), verified while read. */
    InputStream openBlob(Descriptor descriptor) throws IOException;

    default Digest digest() throws IOException {
        return manifest().digest();
    }

    default ImageConfig config() throws IOException {
        return ImageConfig.parse(rawConfig());
    }

    /** The layers in order, each paired with its diffID from the config. */
    default List<Layer> layers() throws IOException {
        ImageManifest m = manifest();
        List<Digest> diffIds = config().diffIds();
        List<Layer> out = new ArrayList<>(m.layers().size());
        for (int i = 0; i < m.layers().size(); i++) {
            Descriptor d = m.layers().get(i);
            Digest diffId = i < diffIds.size() ? diffIds.get(i) : d.digest();
            out.add(new BlobLayer(this, d, diffId));
        }
        return out;
    }
}
