package io.whittle.oci.inspect;

import io.whittle.oci.Image;
import io.whittle.oci.IndexManifest;
import io.whittle.oci.Manifest;
import io.whittle.oci.Platform;
import io.whittle.oci.image.ImageOrIndex;
import io.whittle.oci.image.Images;
import io.whittle.oci.transfer.ImageSource;
import java.io.IOException;
import java.util.Optional;

/** Reads what a reference names: the manifest, and for an image its config. No layer is fetched. */
public final class Inspector {
    private Inspector() {
    }

    /**
     * Inspects {@code tagOrDigest} in {@code source}. An index is returned as such unless {@code platform} is
     * given, in which case the image for that platform is inspected.
     */
    public static Inspection inspect(ImageSource source, String reference, String tagOrDigest,
                                     Optional<Platform> platform) throws IOException {
        ImageOrIndex named = Images.open(source, tagOrDigest);
        Optional<IndexManifest> index = named instanceof ImageOrIndex.OfIndex i
                ? Optional.of(i.index().manifest()) : Optional.empty();
        if (index.isPresent() && platform.isEmpty()) {
            return new Inspection.OfIndex(reference, index.get());
        }
        Image image = named.image(platform.orElseGet(Platform::host));
        return new Inspection.OfImage(reference, image.manifest(), image.config(), index);
    }

    /** The manifest the reference names, or with {@code platform} the image manifest chosen from its index. */
    public static Manifest manifest(ImageSource source, String tagOrDigest, Optional<Platform> platform)
            throws IOException {
        ImageOrIndex named = Images.open(source, tagOrDigest);
        return platform.isEmpty() ? named.manifest() : named.image(platform.get()).manifest();
    }
}
