package io.whittle.testkit;

import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.Platform;
import io.whittle.oci.ImageIndex;
import io.whittle.oci.IndexManifest;
import io.whittle.oci.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A multi-platform index (OCI image index or Docker manifest list) written by the {@link ImageFactory}, with
 * its child images. It is an {@link ImageIndex}.
 *
 * @param indexBytes the exact index bytes
 * @param digest     sha256 of {@code indexBytes}
 * @param images     the children in the order the index lists them
 */
public record TestIndex(ImageFormat format, byte[] indexBytes, Digest digest, List<TestImage> images, Path store)
        implements ImageIndex {

    public TestIndex {
        Objects.requireNonNull(format, "format");
        indexBytes = indexBytes.clone();
        Objects.requireNonNull(digest, "digest");
        images = List.copyOf(images);
        Objects.requireNonNull(store, "store");
        if (!digest.matches(indexBytes)) {
            throw new IllegalArgumentException("digest " + digest + " does not match the index bytes");
        }
    }

    @Override
    public byte[] indexBytes() {
        return indexBytes.clone();
    }

    public String mediaType() {
        return format.indexMediaType();
    }

    public Descriptor descriptor() {
        return Descriptor.of(mediaType(), digest, indexBytes.length);
    }

    /** The file holding a blob or manifest of this index or its images. */
    public Path blobPath(Digest blob) {
        return new BlobStore(store).path(blob);
    }

    @Override
    public IndexManifest manifest() {
        return (IndexManifest) Manifest.parse(indexBytes, Optional.of(mediaType()));
    }

    @Override
    public TestImage image(Descriptor child) {
        return images.stream().filter(i -> i.digest().equals(child.digest())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("manifest " + child.digest() + " is not in this index"));
    }

    /** The child for a platform, chosen as {@link IndexManifest#select} does. */
    @Override
    public TestImage image(Platform platform) {
        return image(manifest().select(platform));
    }

    /** Test indexes do not nest. */
    @Override
    public ImageIndex index(Descriptor child) {
        throw new IllegalArgumentException("manifest " + child.digest() + " is not a nested index: test indexes hold"
                + " images only");
    }

    /** Writes the index and all its images into an OCI image layout under {@code tag}. */
    public void writeLayout(Path dir, String tag) {
        List<Path> files = new ArrayList<>();
        for (TestImage i : images) {
            files.addAll(i.blobFiles());
        }
        files.add(blobPath(digest));
        LayoutWriter.write(dir, tag, descriptor(), files);
    }

    /** Pushes every image by digest, then the index under {@code tag}; returns the index digest. */
    public Digest push(String registryBaseUrl, String repository, String tag, Optional<Credentials> credentials) {
        SeedPusher pusher = new SeedPusher(registryBaseUrl, repository, credentials);
        for (TestImage i : images) {
            i.pushBlobs(pusher);
            pusher.pushManifest(i.digest().toString(), i.mediaType(), i.manifestBytes());
        }
        return pusher.pushManifest(tag, mediaType(), indexBytes);
    }

    public Digest push(String registryBaseUrl, String repository, String tag) {
        return push(registryBaseUrl, repository, tag, Optional.empty());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestIndex t && Arrays.equals(indexBytes, t.indexBytes) && store.equals(t.store);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "TestIndex[" + format + " " + digest.shortForm() + ", " + images.size() + " images]";
    }
}
