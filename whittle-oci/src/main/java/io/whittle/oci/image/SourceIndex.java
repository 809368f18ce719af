package io.whittle.oci.image;

import io.whittle.oci.AccessException;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Failure;
import io.whittle.oci.Image;
import io.whittle.oci.ImageIndex;
import io.whittle.oci.ImageManifest;
import io.whittle.oci.IndexManifest;
import io.whittle.oci.transfer.ImageSource;
import java.io.IOException;
import java.util.Objects;

/** An index read lazily from any {@link ImageSource}; each child is fetched by digest when asked for. */
public final class SourceIndex implements ImageIndex {
    private final ImageSource source;
    private final IndexManifest manifest;

    public SourceIndex(ImageSource source, IndexManifest manifest) {
        this.source = Objects.requireNonNull(source, "source");
        this.manifest = Objects.requireNonNull(manifest, "manifest");
    }

    public ImageSource source() {
        return source;
    }

    @Override
    public IndexManifest manifest() {
        return manifest;
    }

    @Override
    public Image image(Descriptor child) throws IOException {
        if (source.manifest(child) instanceof ImageManifest m) {
            return new SourceImage(source, m);
        }
        throw new AccessException(Failure.INVALID, "read image", child.digest().toString(), "the child "
                + child.digest() + " of index " + manifest.digest() + " is an index, not an image: read it as an index");
    }

    @Override
    public ImageIndex index(Descriptor child) throws IOException {
        if (source.manifest(child) instanceof IndexManifest m) {
            return new SourceIndex(source, m);
        }
        throw new AccessException(Failure.INVALID, "read index", child.digest().toString(), "the child "
                + child.digest() + " of index " + manifest.digest() + " is an image, not an index: read it as an image");
    }

    @Override
    public String toString() {
        return "SourceIndex[" + source.describe() + "@" + manifest.digest() + "]";
    }
}
