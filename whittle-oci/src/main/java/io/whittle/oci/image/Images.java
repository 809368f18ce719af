package io.whittle.oci.image;

import io.whittle.oci.Image;
import io.whittle.oci.ImageManifest;
import io.whittle.oci.IndexManifest;
import io.whittle.oci.Manifest;
import io.whittle.oci.Platform;
import io.whittle.oci.transfer.ImageSource;
import java.io.IOException;

/** Opening what a tag or digest names in any {@link ImageSource}. */
public final class Images {
    private Images() {
    }

    /** The image or index that {@code tagOrDigest} names; nothing but the top manifest is fetched. */
    public static ImageOrIndex open(ImageSource source, String tagOrDigest) throws IOException {
        Manifest m = source.manifest(tagOrDigest);
        return switch (m) {
            case ImageManifest im -> new ImageOrIndex.OfImage(new SourceImage(source, im));
            case IndexManifest ix -> new ImageOrIndex.OfIndex(new SourceIndex(source, ix));
        };
    }

    /** The single image for {@code platform} that {@code tagOrDigest} names, resolving an index. */
    public static Image image(ImageSource source, String tagOrDigest, Platform platform) throws IOException {
        return open(source, tagOrDigest).image(platform);
    }
}
