package io.whittle.oci.image;

import io.whittle.oci.AccessException;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Failure;
import io.whittle.oci.Image;
import io.whittle.oci.ImageManifest;
import io.whittle.oci.Manifest;
import io.whittle.oci.transfer.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An image read lazily from any {@link ImageSource}: a registry repository, an OCI layout, an in-memory
 * image. The manifest is given; the config is fetched on first use, checked against its descriptor, and kept.
 */
public final class SourceImage implements Image {
    private final ImageSource source;
    private final ImageManifest manifest;
    private volatile byte[] config;

    public SourceImage(ImageSource source, ImageManifest manifest) {
        this.source = Objects.requireNonNull(source, "source");
        this.manifest = Objects.requireNonNull(manifest, "manifest");
    }

    /** The image a tag or digest names; an index there is an error that says to choose a platform. */
    public static SourceImage open(ImageSource source, String tagOrDigest) throws IOException {
        Manifest m = source.manifest(tagOrDigest);
        if (m instanceof ImageManifest im) {
            return new SourceImage(source, im);
        }
        throw new AccessException(Failure.INVALID, "read image", source.describe() + " " + tagOrDigest,
                "'" + tagOrDigest + "' in " + source.describe() + " is an index of several images, not one image:"
                        + " choose one with a platform");
    }

    public ImageSource source() {
        return source;
    }

    @Override
    public ImageManifest manifest() {
        return manifest;
    }

    @Override
    public byte[] rawConfig() throws IOException {
        byte[] c = config;
        if (c == null) {
            Descriptor d = manifest.config();
            var embedded = Blobs.embedded(d, "image config");
            c = embedded.isPresent() ? embedded.get() : Blobs.read(d, source.openBlob(d), Blobs.CONFIG_MAX, "image config");
            config = c;
        }
        return Blobs.copyOf(c);
    }

    @Override
    public InputStream openBlob(Descriptor descriptor) throws IOException {
        return source.openBlob(descriptor);
    }

    @Override
    public String toString() {
        return "SourceImage[" + source.describe() + "@" + manifest.digest() + "]";
    }
}
