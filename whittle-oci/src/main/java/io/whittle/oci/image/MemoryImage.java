package io.whittle.oci.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.oci.AccessException;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.oci.Image;
import io.whittle.oci.ImageManifest;
import io.whittle.oci.Json;
import io.whittle.oci.Manifest;
import io.whittle.oci.MediaType;
import io.whittle.oci.OciException;
import io.whittle.oci.Platform;
import io.whittle.oci.VerifyingInputStream;
import io.whittle.oci.transfer.ImageSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * An image held in memory, as a value: every {@code with…} method returns a new image and leaves this one as
 * it was (go-containerregistry's {@code mutate} works the same way). Built from layer blobs and their media
 * types, it computes the diffIDs, writes a config with history and an OCI or Docker manifest, and serves
 * all of it as an {@link ImageSource}. Meant for small generated images (tests, fixtures): layers are held
 * whole, so it is no way to carry real images.
 */
public final class MemoryImage implements Image, ImageSource {

    /** Which manifest and config media types the image uses. */
    public enum Format {
        OCI(MediaType.OCI_MANIFEST, MediaType.OCI_CONFIG, MediaType.OCI_INDEX),
        DOCKER(MediaType.DOCKER_MANIFEST, MediaType.DOCKER_CONFIG, MediaType.DOCKER_MANIFEST_LIST);

        final String manifestType;
        final String configType;
        final String indexType;

        Format(String manifestType, String configType, String indexType) {
            this.manifestType = manifestType;
            this.configType = configType;
            this.indexType = indexType;
        }
    }

    /** One layer: the stored blob, its descriptor, its diffID and the history line that made it. */
    private record LayerBlob(byte[] blob, Descriptor descriptor, Digest diffId, String createdBy) {
    }

    /** A history line with no layer, such as {@code CMD}. */
    private record EmptyStep(int afterLayers, String createdBy) {
    }

    private static final String EPOCH = "1970-01-01T00:00:00Z";

    private final Format format;
    private final Platform platform;
    private final String created;
    private final ObjectNode runConfig;
    private final List<LayerBlob> layers;
    private final List<EmptyStep> emptySteps;
    private final Map<String, String> annotations;
    // Derived, computed once per value.
    private final byte[] config;
    private final ImageManifest manifest;

    private MemoryImage(Format format, Platform platform, String created, ObjectNode runConfig, List<LayerBlob> layers,
                        List<EmptyStep> emptySteps, Map<String, String> annotations) {
        this.format = format;
        this.platform = platform;
        this.created = created;
        this.runConfig = runConfig;
        this.layers = List.copyOf(layers);
        this.emptySteps = List.copyOf(emptySteps);
        this.annotations = Map.copyOf(annotations);
        this.config = writeConfig();
        this.manifest = (ImageManifest) Manifest.parse(writeManifest(), Optional.empty());
    }

    /** An image with no layers for linux/amd64, created at the epoch so that equal inputs give equal digests. */
    public static MemoryImage empty(Format format) {
        return new MemoryImage(Objects.requireNonNull(format, "format"), Platform.of("linux", "amd64"), EPOCH,
                Json.MAPPER.createObjectNode(), List.of(), List.of(), Map.of());
    }

    public MemoryImage withPlatform(Platform p) {
        return new MemoryImage(format, Objects.requireNonNull(p, "platform"), created, runConfig, layers, emptySteps,
                annotations);
    }

    /** The {@code created} time, in RFC 3339 as the spec writes it. */
    public MemoryImage withCreated(String rfc3339) {
        return new MemoryImage(format, platform, Objects.requireNonNull(rfc3339, "created"), runConfig, layers,
                emptySteps, annotations);
    }

    /** Edits a copy of the config's {@code config} object (Env, Entrypoint, Cmd, Labels…) through {@code edit}. */
    public MemoryImage withRunConfig(Consumer<ObjectNode> edit) {
        ObjectNode copy = runConfig.deepCopy();
        edit.accept(copy);
        return new MemoryImage(format, platform, created, copy, layers, emptySteps, annotations);
    }

    public MemoryImage withAnnotations(Map<String, String> a) {
        return new MemoryImage(format, platform, created, runConfig, layers, emptySteps, a);
    }

    /**
     * Adds a layer from its stored bytes. The diffID is computed: the hash of the tar, after gunzip for gzip
     * media types. Zstd layers need {@link #withLayer(byte[], String, Digest, String)}.
     */
    public MemoryImage withLayer(byte[] blob, String mediaType) {
        return withLayer(blob, mediaType, diffIdOf(blob, mediaType), "layer " + (layers.size() + 1));
    }

    public MemoryImage withLayer(byte[] blob, String mediaType, Digest diffId, String createdBy) {
        return withLayer(blob, Descriptor.of(mediaType, blob), diffId, createdBy);
    }

    /**
     * Adds a non-distributable layer whose descriptor lists {@code urls}; its bytes are still served by this
     * image, as a mirror would.
     */
    public MemoryImage withForeignLayer(byte[] blob, String mediaType, List<String> urls) {
        Descriptor plain = Descriptor.of(mediaType, blob);
        Descriptor d = new Descriptor(mediaType, plain.digest(), plain.size(), urls, Map.of(), Optional.empty(),
                Optional.empty(), Optional.empty());
        return withLayer(blob, d, diffIdOf(blob, mediaType), "foreign layer " + (layers.size() + 1));
    }

    private MemoryImage withLayer(byte[] blob, Descriptor d, Digest diffId, String createdBy) {
        // Artifacts (attestations, SBOMs) carry other media types as layers; only manifests are out of place.
        if (MediaType.isManifest(d.mediaType())) {
            throw new OciException("'" + d.mediaType() + "' is a manifest media type, not a layer: use a layer"
                    + " media type such as " + MediaType.OCI_LAYER_GZIP);
        }
        List<LayerBlob> more = new ArrayList<>(layers);
        more.add(new LayerBlob(blob.clone(), d, diffId, createdBy));
        return new MemoryImage(format, platform, created, runConfig, more, emptySteps, annotations);
    }

    /** Adds a history line that made no layer, such as {@code CMD ["sh"]}. */
    public MemoryImage withEmptyLayerHistory(String createdBy) {
        List<EmptyStep> more = new ArrayList<>(emptySteps);
        more.add(new EmptyStep(layers.size(), createdBy));
        return new MemoryImage(format, platform, created, runConfig, layers, more, annotations);
    }

    public Format format() {
        return format;
    }

    public Platform platform() {
        return platform;
    }

    /** The descriptor an index lists for this image: media type, digest, size and platform. */
    public Descriptor descriptor() {
        return Descriptor.of(manifest.mediaType(), manifest.raw()).withPlatform(platform);
    }

    /** The stored bytes of a blob of this image (config or layer), when it has one with that digest. */
    public Optional<byte[]> blob(Digest digest) {
        if (manifest.config().digest().equals(digest)) {
            return Optional.of(config.clone());
        }
        for (LayerBlob l : layers) {
            if (l.descriptor().digest().equals(digest)) {
                return Optional.of(l.blob().clone());
            }
        }
        return Optional.empty();
    }

    // ---- Image

    @Override
    public ImageManifest manifest() {
        return manifest;
    }

    @Override
    public byte[] rawConfig() {
        return config.clone();
    }

    @Override
    public InputStream openBlob(Descriptor descriptor) throws IOException {
        byte[] b = blob(descriptor.digest()).orElseThrow(() -> new AccessException(Failure.NOT_FOUND, "read blob",
                descriptor.digest().toString(), "the blob " + descriptor.digest() + " is not part of " + describe()));
        return new VerifyingInputStream(new ByteArrayInputStream(b), descriptor.digest(), descriptor.size());
    }

    // ---- ImageSource

    @Override
    public String describe() {
        return "memory image " + manifest.digest().shortForm();
    }

    /** Its own manifest, for its digest or for any tag: an image alone in memory answers to every tag. */
    @Override
    public Manifest manifest(String tagOrDigest) throws IOException {
        if (Digest.isDigest(tagOrDigest) && !Digest.parse(tagOrDigest).equals(manifest.digest())) {
            throw new AccessException(Failure.NOT_FOUND, "read manifest", tagOrDigest, "the manifest " + tagOrDigest
                    + " is not in " + describe());
        }
        return manifest;
    }

    // ---- building

    private static Digest diffIdOf(byte[] blob, String mediaType) {
        return switch (MediaType.compressionOf(mediaType)) {
            case NONE -> Digest.sha256(blob);
            case GZIP -> {
                var hasher = Digest.Algorithm.SHA256.newHasher();
                try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(blob))) {
                    byte[] buf = new byte[16384];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        hasher.update(buf, 0, n);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("the layer is not valid gzip, as its media type " + mediaType
                            + " says: " + e.getMessage(), e);
                }
                yield Digest.fromHasher(Digest.Algorithm.SHA256, hasher);
            }
            case ZSTD -> throw new OciException("the diffID of a zstd layer cannot be computed here: pass it to"
                    + " withLayer(blob, mediaType, diffId, createdBy)");
        };
    }

    private byte[] writeConfig() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("created", created);
        root.put("architecture", platform.architecture());
        platform.variant().ifPresent(v -> root.put("variant", v));
        root.put("os", platform.os());
        platform.osVersion().ifPresent(v -> root.put("os.version", v));
        root.set("config", runConfig.deepCopy());
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        layers.forEach(l -> diffIds.add(l.diffId().toString()));
        ArrayNode history = root.putArray("history");
        Map<Integer, List<EmptyStep>> emptyAfter = new HashMap<>();
        emptySteps.forEach(s -> emptyAfter.computeIfAbsent(s.afterLayers(), k -> new ArrayList<>()).add(s));
        for (int i = 0; i <= layers.size(); i++) {
            for (EmptyStep s : emptyAfter.getOrDefault(i, List.of())) {
                ObjectNode h = history.addObject();
                h.put("created", created);
                h.put("created_by", s.createdBy());
                h.put("empty_layer", true);
            }
            if (i < layers.size()) {
                ObjectNode h = history.addObject();
                h.put("created", created);
                h.put("created_by", layers.get(i).createdBy());
            }
        }
        return Json.bytes(root);
    }

    private byte[] writeManifest() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", format.manifestType);
        root.set("config", Json.toJson(Descriptor.of(format.configType, config)));
        ArrayNode ls = root.putArray("layers");
        layers.forEach(l -> ls.add(Json.toJson(l.descriptor())));
        Json.putAnnotations(root, annotations);
        return Json.bytes(root);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemoryImage m && m.manifest.equals(manifest);
    }

    @Override
    public int hashCode() {
        return manifest.hashCode();
    }

    @Override
    public String toString() {
        return "MemoryImage[" + platform + ", " + layers.size() + " layers, " + manifest.digest().shortForm() + "]";
    }
}
