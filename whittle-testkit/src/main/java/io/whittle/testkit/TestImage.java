package io.whittle.testkit;

import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.Image;
import io.whittle.oci.ImageManifest;
import io.whittle.oci.Manifest;
import io.whittle.oci.Platform;
import io.whittle.oci.VerifyingInputStream;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A single-platform image written by the {@link ImageFactory}: manifest and config bytes, layer blobs in the
 * factory's content-addressed store. It is an {@link Image}, so code under test can read it like any other.
 *
 * @param format          OCI or Docker media types
 * @param platform        the platform in the config (and in an index entry)
 * @param manifestBytes   the exact manifest bytes
 * @param digest          sha256 of {@code manifestBytes}
 * @param configBytes     the exact config bytes
 * @param configDescriptor the manifest's config descriptor
 * @param testLayers      the layers in order
 * @param store           the factory's root; blobs live in {@code store/blobs/sha256/<hex>}
 */
public record TestImage(ImageFormat format, Platform platform, byte[] manifestBytes, Digest digest, byte[] configBytes,
                        Descriptor configDescriptor, List<TestLayer> testLayers, Path store) implements Image {

    public TestImage {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(platform, "platform");
        manifestBytes = manifestBytes.clone();
        Objects.requireNonNull(digest, "digest");
        configBytes = configBytes.clone();
        Objects.requireNonNull(configDescriptor, "configDescriptor");
        testLayers = List.copyOf(testLayers);
        Objects.requireNonNull(store, "store");
        if (!digest.matches(manifestBytes)) {
            throw new IllegalArgumentException("digest " + digest + " does not match the manifest bytes");
        }
    }

    @Override
    public byte[] manifestBytes() {
        return manifestBytes.clone();
    }

    @Override
    public byte[] configBytes() {
        return configBytes.clone();
    }

    /** The manifest media type. */
    public String mediaType() {
        return format.manifestMediaType();
    }

    /** The descriptor of the manifest, with the platform, as an index lists it. */
    public Descriptor descriptor() {
        return Descriptor.of(mediaType(), digest, manifestBytes.length).withPlatform(platform);
    }

    public List<Descriptor> layerDescriptors() {
        return testLayers.stream().map(TestLayer::descriptor).toList();
    }

    /** The layers' uncompressed digests, as in the config's {@code rootfs.diff_ids}. */
    public List<Digest> diffIds() {
        return testLayers.stream().map(TestLayer::diffId).toList();
    }

    /** The config descriptor, then the layer descriptors: every blob a registry must hold for this image. */
    public List<Descriptor> blobs() {
        List<Descriptor> all = new ArrayList<>();
        all.add(configDescriptor);
        all.addAll(layerDescriptors());
        return all;
    }

    /** The file holding a blob (config, layer or the manifest itself) of this image. */
    public Path blobPath(Digest blob) {
        return new BlobStore(store).path(blob);
    }

    /** The config and layer sizes added up. */
    public long totalSize() {
        return blobs().stream().mapToLong(Descriptor::size).sum();
    }

    // ---- Image ---------------------------------------------------------------------------------------------

    @Override
    public ImageManifest manifest() {
        return (ImageManifest) Manifest.parse(manifestBytes, Optional.of(mediaType()));
    }

    @Override
    public byte[] rawConfig() {
        return configBytes.clone();
    }

    @Override
    public InputStream openBlob(Descriptor d) throws IOException {
        if (d.digest().equals(configDescriptor.digest())) {
            return new VerifyingInputStream(new ByteArrayInputStream(configBytes), d.digest(), d.size());
        }
        Path file = blobPath(d.digest());
        if (!Files.exists(file) || blobs().stream().noneMatch(b -> b.digest().equals(d.digest()))) {
            throw new NoSuchFileException(file.toString(), null, "blob " + d.digest() + " is not part of this image");
        }
        return new VerifyingInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16), d.digest(),
                d.size());
    }

    // ---- output --------------------------------------------------------------------------------------------

    /**
     * Writes this image into an OCI image layout directory (created if needed) under {@code tag}; an existing
     * layout keeps its other tags.
     */
    public void writeLayout(Path dir, String tag) {
        LayoutWriter.write(dir, tag, Descriptor.of(mediaType(), digest, manifestBytes.length), blobFiles());
    }

    /** Every file this image needs in a layout: layers, config and manifest. */
    List<Path> blobFiles() {
        List<Path> files = new ArrayList<>();
        for (Descriptor d : blobs()) {
            files.add(blobPath(d.digest()));
        }
        files.add(blobPath(digest));
        return files;
    }

    /**
     * Pushes the blobs (skipping those the registry has) and the manifest under {@code tag}, with the JDK HTTP
     * client, not Whittle's.
     *
     * @param registryBaseUrl {@code http://host:port}
     * @return the manifest digest
     */
    public Digest push(String registryBaseUrl, String repository, String tag, Optional<Credentials> credentials) {
        SeedPusher pusher = new SeedPusher(registryBaseUrl, repository, credentials);
        pushBlobs(pusher);
        return pusher.pushManifest(tag, mediaType(), manifestBytes);
    }

    /** Pushes anonymously. */
    public Digest push(String registryBaseUrl, String repository, String tag) {
        return push(registryBaseUrl, repository, tag, Optional.empty());
    }

    /** Pushes the blobs and the manifest by digest, without a tag. */
    public Digest pushByDigest(String registryBaseUrl, String repository, Optional<Credentials> credentials) {
        return push(registryBaseUrl, repository, digest.toString(), credentials);
    }

    void pushBlobs(SeedPusher pusher) {
        pusher.pushBlob(configDescriptor, blobPath(configDescriptor.digest()));
        for (TestLayer l : testLayers) {
            pusher.pushBlob(l.descriptor(), l.file());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestImage t && Arrays.equals(manifestBytes, t.manifestBytes) && store.equals(t.store);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return "TestImage[" + format + " " + platform + " " + digest.shortForm() + ", " + testLayers.size() + " layers]";
    }
}
