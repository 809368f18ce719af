package io.whittle.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.Json;
import io.whittle.oci.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes deterministic test images into a content-addressed directory ({@code root/blobs/sha256/<hex>}): the
 * same spec always gives the same bytes and digests. Layers are streamed to disk, so images of hundreds of
 * megabytes cost no heap.
 *
 * <pre>{@code
 * ImageFactory factory = new ImageFactory(tempDir);
 * TestImage image = factory.image(ImageSpec.builder(ImageFormat.OCI)
 *         .cmd("/bin/app")
 *         .layer(LayerSpec.builder().file("bin/app", "#!/bin/sh\necho hi\n", 0755))
 *         .build());
 * image.writeLayout(tempDir.resolve("layout"), "v1");
 * image.push(registry.url(), "team/app", "v1", registry.credentials());
 * }</pre>
 */
public final class ImageFactory implements AutoCloseable {
    private final Path root;
    private final BlobStore store;
    private final boolean temporary;
    private final Map<LayerSpec, LayerWriter.Written> layers = new ConcurrentHashMap<>();

    /** A factory storing blobs under {@code root} (created if needed); the caller owns the directory. */
    public ImageFactory(Path root) {
        this(root, false);
    }

    private ImageFactory(Path root, boolean temporary) {
        this.root = Objects.requireNonNull(root, "root");
        this.store = new BlobStore(root);
        this.temporary = temporary;
        try {
            Files.createDirectories(root.resolve("blobs").resolve("sha256"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the image factory directory " + root, e);
        }
    }

    /** A factory in a new temporary directory that {@link #close()} deletes. */
    public static ImageFactory temporary() {
        try {
            return new ImageFactory(Files.createTempDirectory("whittle-images-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary directory for test images", e);
        }
    }

    /** The directory holding {@code blobs/sha256/<hex>}. */
    public Path root() {
        return root;
    }

    /** Where a blob of this factory lives (whether or not it exists). */
    public Path blobPath(Digest digest) {
        return store.path(digest);
    }

    /** Writes (or reuses) one layer blob with the media type {@code format} gives its compression. */
    public TestLayer layer(LayerSpec spec, ImageFormat format) {
        String mediaType = format.layerMediaType(spec.compression());
        LayerWriter.Written w = written(spec);
        return new TestLayer(Descriptor.of(mediaType, w.digest(), w.size()), w.diffId(), w.uncompressedSize(), w.file());
    }

    private LayerWriter.Written written(LayerSpec spec) {
        LayerWriter.Written cached = layers.get(spec);
        if (cached != null && Files.exists(cached.file())) {
            return cached;
        }
        try {
            // Big layers are remembered on disk too, so a benchmark reusing its directory does not rebuild them.
            boolean big = spec.contentSize() >= LayerCache.MIN_CONTENT;
            LayerWriter.Written w = big ? LayerCache.lookup(root, store, spec).orElse(null) : null;
            if (w == null) {
                w = LayerWriter.write(spec, store);
                if (big) {
                    LayerCache.remember(root, spec, w);
                }
            }
            layers.put(spec, w);
            return w;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a test layer into " + root, e);
        }
    }

    /** Writes an image: its layers, config and manifest. */
    public TestImage image(ImageSpec spec) {
        ImageFormat format = spec.format();
        // Layers are independent: building them in parallel keeps large benchmark images quick to make.
        List<TestLayer> built = spec.layers().parallelStream().map(l -> layer(l, format)).toList();
        byte[] config = Json.bytes(spec.configEdit().map(e -> e.apply(configJson(spec, built)))
                .orElseGet(() -> configJson(spec, built)));
        store.put(config);
        Descriptor configDescriptor = Descriptor.of(format.configMediaType(), config);

        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", format.manifestMediaType());
        m.set("config", Json.toJson(configDescriptor));
        ArrayNode layerArray = m.putArray("layers");
        built.forEach(l -> layerArray.add(Json.toJson(l.descriptor())));
        if (!spec.manifestAnnotations().isEmpty()) {
            ObjectNode a = m.putObject("annotations");
            new TreeMap<>(spec.manifestAnnotations()).forEach(a::put);
        }
        byte[] manifest = Json.bytes(m);
        store.put(manifest);
        return new TestImage(format, spec.platform(), manifest, Digest.sha256(manifest), config, configDescriptor, built,
                root);
    }

    private static ObjectNode configJson(ImageSpec spec, List<TestLayer> built) {
        // Keys in the order Docker and BuildKit write them (alphabetical at the top level).
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.put("architecture", spec.platform().architecture());
        spec.author().ifPresent(a -> c.put("author", a));
        ObjectNode run = c.putObject("config");
        ImageSpec.RunConfig r = spec.config();
        r.user().ifPresent(u -> run.put("User", u));
        if (!r.exposedPorts().isEmpty()) {
            ObjectNode ports = run.putObject("ExposedPorts");
            r.exposedPorts().forEach(p -> ports.putObject(p));
        }
        if (!r.env().isEmpty()) {
            ArrayNode env = run.putArray("Env");
            r.env().forEach(env::add);
        }
        if (!r.entrypoint().isEmpty()) {
            ArrayNode ep = run.putArray("Entrypoint");
            r.entrypoint().forEach(ep::add);
        }
        if (!r.cmd().isEmpty()) {
            ArrayNode cmd = run.putArray("Cmd");
            r.cmd().forEach(cmd::add);
        }
        if (!r.volumes().isEmpty()) {
            ObjectNode vols = run.putObject("Volumes");
            r.volumes().forEach(v -> vols.putObject(v));
        }
        r.workingDir().ifPresent(w -> run.put("WorkingDir", w));
        if (!r.labels().isEmpty()) {
            ObjectNode labels = run.putObject("Labels");
            new TreeMap<>(r.labels()).forEach(labels::put);
        }
        c.put("created", spec.created().toString());
        ArrayNode history = c.putArray("history");
        for (ImageSpec.HistoryEntry h : spec.history()) {
            ObjectNode e = history.addObject();
            e.put("created", spec.created().toString());
            e.put("created_by", h.createdBy());
            if (h.emptyLayer()) {
                e.put("empty_layer", true);
            }
        }
        c.put("os", spec.platform().os());
        spec.platform().osVersion().ifPresent(v -> c.put("os.version", v));
        ObjectNode rootfs = c.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        built.forEach(l -> diffIds.add(l.diffId().toString()));
        spec.platform().variant().ifPresent(v -> c.put("variant", v));
        return c;
    }

    /** Writes an index (OCI index or Docker manifest list, per {@code format}) of images of that format. */
    public TestIndex index(ImageFormat format, List<TestImage> images) {
        return index(format, images, Map.of());
    }

    /** An index with annotations (OCI only). */
    public TestIndex index(ImageFormat format, List<TestImage> images, Map<String, String> annotations) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("an index needs at least one image");
        }
        for (TestImage i : images) {
            if (i.format() != format) {
                throw new IllegalArgumentException("image " + i + " is " + i.format() + " but the index is " + format
                        + ": build every child in the index's format");
            }
        }
        if (format == ImageFormat.DOCKER && !annotations.isEmpty()) {
            throw new IllegalArgumentException("Docker manifest lists have no annotations: use ImageFormat.OCI");
        }
        ObjectNode idx = Json.MAPPER.createObjectNode();
        idx.put("schemaVersion", 2);
        idx.put("mediaType", format.indexMediaType());
        ArrayNode manifests = idx.putArray("manifests");
        images.forEach(i -> manifests.add(Json.toJson(i.descriptor())));
        if (!annotations.isEmpty()) {
            ObjectNode a = idx.putObject("annotations");
            new TreeMap<>(annotations).forEach(a::put);
        }
        byte[] bytes = Json.bytes(idx);
        store.put(bytes);
        return new TestIndex(format, bytes, Digest.sha256(bytes), images, root);
    }

    // ---- ready-made images ---------------------------------------------------------------------------------

    /**
     * A small linux/amd64 image whose one gzip layer holds {@code marker.txt} with {@code marker}: different
     * markers give different digests.
     */
    public TestImage smallImage(ImageFormat format, String marker) {
        return smallImage(format, marker, Platform.of("linux", "amd64"));
    }

    /** A small image as {@link #smallImage(ImageFormat, String)} makes, for another platform. */
    public TestImage smallImage(ImageFormat format, String marker, Platform platform) {
        return image(ImageSpec.builder(format)
                .platform(platform)
                .env("PATH=/usr/local/bin:/usr/bin:/bin", "MARKER=" + marker)
                .cmd("/bin/sh", "-c", "cat /marker.txt")
                .layer(LayerSpec.builder()
                        .dir("etc")
                        .file("etc/os-release", "ID=whittle-test\n")
                        .file("marker.txt", marker + " " + platform + "\n")
                        .createdBy("COPY marker.txt /"))
                .history("CMD [\"/bin/sh\" \"-c\" \"cat /marker.txt\"]")
                .build());
    }

    /** An index of small images, one per platform, each with a platform-specific layer. */
    public TestIndex multiPlatform(ImageFormat format, String marker, Platform... platforms) {
        if (platforms.length == 0) {
            throw new IllegalArgumentException("name at least one platform");
        }
        List<TestImage> images = new ArrayList<>();
        for (Platform p : platforms) {
            images.add(smallImage(format, marker, p));
        }
        return index(format, images);
    }

    /**
     * A benchmark image of {@code layerCount} layers of {@code layerSize} pseudo-random bytes each (gzip level 1,
     * seeds {@code seed}, {@code seed+1}, …), streamed to disk.
     */
    public TestImage largeImage(ImageFormat format, int layerCount, long layerSize, long seed) {
        if (layerCount < 1) {
            throw new IllegalArgumentException("a large image needs at least one layer, got " + layerCount);
        }
        ImageSpec.Builder b = ImageSpec.builder(format).cmd("/bin/true");
        for (int i = 0; i < layerCount; i++) {
            b.layer(LayerSpec.random(layerSize, seed + i));
        }
        return image(b.build());
    }

    /** Deletes the directory if this factory made it ({@link #temporary()}); otherwise does nothing. */
    @Override
    public void close() {
        if (temporary) {
            Files2.deleteTree(root);
        }
    }

    @Override
    public String toString() {
        return "ImageFactory[" + root + "]";
    }
}
