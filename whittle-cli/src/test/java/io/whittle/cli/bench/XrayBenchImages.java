package io.whittle.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.cli.bench.StreamedLayer.Entry;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.Json;
import io.whittle.oci.MediaType.Compression;
import io.whittle.oci.Platform;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.TestImage;
import io.whittle.testkit.TestLayer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The images of {@code bench/xray}, written once into a content-addressed store and reused while the generator's
 * version and the blobs are unchanged: a synthetic image of about 1 GB in 6 layers with about 150,000 files, and a
 * Debian root (from {@code bin/lib/debian-fixture.sh}) packed as one layer.
 *
 * <p>The big image is shaped like an application image: a base with many small text files, a runtime with native
 * libraries and a large module file, dependencies (a {@code node_modules} tree), assets with a large incompressible
 * blob and a large log, then a layer that modifies files of the layers below, and a clean-up layer deleting files,
 * package directories and the large blob with whiteouts and hiding a cache directory with an opaque whiteout.
 */
final class XrayBenchImages {
    /** Bump when the plan changes, so cached images are rebuilt. */
    private static final String VERSION = "v1";

    /** An image and what it holds: regular files written (before whiteouts), layers, blob and tar bytes. */
    record Built(String name, TestImage image, long files, long compressed, long uncompressed) {
    }

    private final Path store;

    XrayBenchImages(Path store) {
        this.store = store;
    }

    /** The big synthetic image, built or reused. */
    Built big() throws Exception {
        Optional<Built> cached = load("big");
        if (cached.isPresent()) {
            return cached.get();
        }
        List<List<Entry>> plan = plan();
        List<String> createdBy = List.of(
                "RUN apt-get install -y base-packages # buildkit",
                "COPY runtime /opt/runtime # buildkit",
                "RUN npm ci --omit=dev # buildkit",
                "COPY assets /app/assets # buildkit",
                "RUN make build && update-config # buildkit",
                "RUN rm -rf /opt/runtime/cache/* unused-packages /app/assets/model.bin # buildkit");
        // The layers are independent once planned: one writer per core.
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<StreamedLayer.Blob>> futures = new ArrayList<>();
            for (List<Entry> layer : plan) {
                futures.add(pool.submit(() -> StreamedLayer.write(store, layer)));
            }
            List<StreamedLayer.Blob> blobs = new ArrayList<>();
            for (Future<StreamedLayer.Blob> f : futures) {
                blobs.add(f.get());
            }
            return assemble("big", blobs, createdBy, List.of("node", "/app/dist/index.js"));
        } finally {
            pool.shutdown();
        }
    }

    /** The Debian root at {@code rootDir} as a one-layer image, built or reused. */
    Built debian(Path rootDir) throws Exception {
        Optional<Built> cached = load("debian");
        if (cached.isPresent()) {
            return cached.get();
        }
        List<String> top;
        try (Stream<Path> s = Files.list(rootDir)) {
            top = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        long files;
        try (Stream<Path> s = Files.walk(rootDir)) {
            files = s.filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> !Stream.of("dev", "proc", "sys").map(rootDir::resolve).anyMatch(p::startsWith)).count();
        }
        // GNU tar packs it as a rootfs tarball is packed (names without "./", numeric owners, sorted); the kernel's
        // directories stay empty as in a real base image.
        List<String> cmd = new ArrayList<>(List.of("tar", "--numeric-owner", "--sort=name", "--anchored",
                "--exclude=dev/*", "--exclude=proc/*", "--exclude=sys/*", "-C", rootDir.toString(), "-cf", "-"));
        cmd.addAll(top);
        Process tar = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        StreamedLayer.Blob blob;
        try (InputStream in = tar.getInputStream()) {
            blob = StreamedLayer.compress(store, in, files);
        }
        if (tar.waitFor() != 0) {
            throw new IllegalStateException("tar could not pack " + rootDir + ": see its message above");
        }
        return assemble("debian", List.of(blob), List.of("debootstrap --variant=minbase bookworm /"), List.of("bash"));
    }

    // ---- the plan of the big image

    private static List<List<Entry>> plan() {
        List<List<Entry>> layers = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(42);

        // 1: base system: 1,000 packages of 50 small files (docs, modules, config), tools, shared libraries.
        List<Entry> base = new ArrayList<>();
        List<String> baseSmall = new ArrayList<>();
        for (int p = 0; p < 1000; p++) {
            for (int f = 0; f < 50; f++) {
                String path = f < 15 ? "usr/share/doc/pkg-%03d/file-%d.txt".formatted(p, f)
                        : f < 45 ? "usr/lib/python3/pkg_%03d/mod_%d.py".formatted(p, f)
                        : "etc/pkg-%03d/conf-%d.conf".formatted(p, f);
                base.add(Entry.file(path, f < 15 || f >= 45 ? SyntheticContent.TEXT : SyntheticContent.SOURCE, small(r),
                        r.nextLong()));
                baseSmall.add(path);
            }
        }
        for (int i = 0; i < 100; i++) {
            base.add(Entry.file("usr/bin/tool-" + i, SyntheticContent.BINARY, 16_384 + r.nextInt(240_000), r.nextLong()));
        }
        for (int i = 0; i < 100; i++) {
            base.add(Entry.hardLink("usr/sbin/tool-" + i, "usr/bin/tool-" + i));
        }
        for (int i = 0; i < 200; i++) {
            base.add(Entry.file("usr/lib/x86_64-linux-gnu/libgen-" + i + ".so.1", SyntheticContent.BINARY, medium(r),
                    r.nextLong()));
            base.add(Entry.symlink("usr/lib/x86_64-linux-gnu/libgen-" + i + ".so", "libgen-" + i + ".so.1"));
        }
        layers.add(base);

        // 2: a runtime: 24,000 sources, a cache of 1,000 files (hidden by an opaque whiteout later), native libraries,
        // one large modules file.
        List<Entry> runtime = new ArrayList<>();
        for (int m = 0; m < 480; m++) {
            for (int f = 0; f < 50; f++) {
                runtime.add(Entry.file("opt/runtime/lib/mod-%03d/Class%d.java".formatted(m, f), SyntheticContent.SOURCE,
                        small(r), r.nextLong()));
            }
        }
        for (int i = 0; i < 1000; i++) {
            runtime.add(Entry.file("opt/runtime/cache/entry-%d.json".formatted(i), SyntheticContent.JSON, small(r),
                    r.nextLong()));
        }
        for (int i = 0; i < 150; i++) {
            runtime.add(Entry.file("opt/runtime/lib/native/lib-" + i + ".so", SyntheticContent.BINARY, medium(r),
                    r.nextLong()));
        }
        runtime.add(Entry.file("opt/runtime/lib/modules", SyntheticContent.BINARY, 80L << 20, r.nextLong()));
        layers.add(runtime);

        // 3: dependencies: 1,100 packages of a manifest, a readme and 48 sources.
        List<Entry> deps = new ArrayList<>();
        List<String> depsSmall = new ArrayList<>();
        for (int p = 0; p < 1100; p++) {
            String dir = "app/node_modules/pkg-%04d/".formatted(p);
            deps.add(Entry.file(dir + "package.json", SyntheticContent.JSON, 300 + r.nextInt(2000), r.nextLong()));
            deps.add(Entry.file(dir + "README.md", SyntheticContent.TEXT, small(r), r.nextLong()));
            for (int f = 0; f < 48; f++) {
                String path = dir + "lib/f" + f + ".js";
                deps.add(Entry.file(path, SyntheticContent.SOURCE, small(r), r.nextLong()));
                depsSmall.add(path);
            }
        }
        layers.add(deps);

        // 4: assets: 10,000 small ones, 100 images (compressed already), a model blob and a build log.
        List<Entry> assets = new ArrayList<>();
        for (int d = 0; d < 200; d++) {
            for (int f = 0; f < 50; f++) {
                assets.add(Entry.file("app/assets/i18n/%03d/msg-%d.json".formatted(d, f), SyntheticContent.JSON,
                        small(r), r.nextLong()));
            }
        }
        for (int i = 0; i < 100; i++) {
            assets.add(Entry.file("app/assets/img/img-" + i + ".png", SyntheticContent.RANDOM, medium(r), r.nextLong()));
        }
        assets.add(Entry.file("app/assets/model.bin", SyntheticContent.RANDOM, 80L << 20, r.nextLong()));
        assets.add(Entry.file("var/log/app/build.log", SyntheticContent.LOG, 60L << 20, r.nextLong()));
        layers.add(assets);

        // 5: the build: 8,000 new sources; 4,000 small files, 30 libraries and the log of the layers below rewritten.
        List<Entry> build = new ArrayList<>();
        for (int d = 0; d < 160; d++) {
            for (int f = 0; f < 50; f++) {
                build.add(Entry.file("app/dist/chunk-%03d/part-%d.js".formatted(d, f), SyntheticContent.SOURCE, small(r),
                        r.nextLong()));
            }
        }
        for (int i = 0; i < 2000; i++) {
            build.add(Entry.file(baseSmall.get(i * 25), SyntheticContent.TEXT, small(r), r.nextLong()));
            build.add(Entry.file(depsSmall.get(i * 26), SyntheticContent.SOURCE, small(r), r.nextLong()));
        }
        for (int i = 0; i < 30; i++) {
            build.add(Entry.file("opt/runtime/lib/native/lib-" + i + ".so", SyntheticContent.BINARY, medium(r),
                    r.nextLong()));
        }
        build.add(Entry.file("var/log/app/build.log", SyntheticContent.LOG, 60L << 20, r.nextLong()));
        layers.add(build);

        // 6: clean-up: 2,000 base files and 20 whole packages deleted, the model removed, the cache made opaque and
        // refilled, some new configuration.
        List<Entry> cleanup = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            cleanup.add(Entry.empty(whiteout(baseSmall.get(i * 25 + 7))));
        }
        for (int p = 7; p < 1100; p += 55) {
            cleanup.add(Entry.empty(whiteout("app/node_modules/pkg-%04d".formatted(p))));
        }
        cleanup.add(Entry.empty(whiteout("app/assets/model.bin")));
        cleanup.add(Entry.empty("opt/runtime/cache/.wh..wh..opq"));
        for (int i = 0; i < 50; i++) {
            cleanup.add(Entry.file("opt/runtime/cache/fresh-%d.json".formatted(i), SyntheticContent.JSON, small(r),
                    r.nextLong()));
        }
        for (int i = 0; i < 500; i++) {
            cleanup.add(Entry.file("etc/app/conf-%d.conf".formatted(i), SyntheticContent.TEXT, small(r), r.nextLong()));
        }
        layers.add(cleanup);
        return layers;
    }

    /** Small files: log-uniform from 100 B to 10 KiB (mean about 2.2 KB). */
    private static long small(SplittableRandom r) {
        return Math.round(Math.exp(Math.log(100) + r.nextDouble() * (Math.log(10_240) - Math.log(100))));
    }

    /** Medium binaries: log-uniform from 64 KiB to 2 MiB (mean about 570 KB). */
    private static long medium(SplittableRandom r) {
        return Math.round(Math.exp(Math.log(65_536) + r.nextDouble() * (Math.log(2_097_152) - Math.log(65_536))));
    }

    private static String whiteout(String path) {
        int slash = path.lastIndexOf('/');
        return path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1);
    }

    // ---- config, manifest and the record of what was built

    private Built assemble(String name, List<StreamedLayer.Blob> blobs, List<String> createdBy, List<String> cmd)
            throws IOException {
        ImageFormat format = ImageFormat.OCI;
        String layerType = format.layerMediaType(Compression.GZIP);
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.put("architecture", "amd64");
        ObjectNode run = c.putObject("config");
        run.putArray("Env").add("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        ArrayNode cmdArray = run.putArray("Cmd");
        cmd.forEach(cmdArray::add);
        c.put("created", "2024-01-01T00:00:00Z");
        ArrayNode history = c.putArray("history");
        createdBy.forEach(by -> history.addObject().put("created", "2024-01-01T00:00:00Z").put("created_by", by));
        c.put("os", "linux");
        ObjectNode rootfs = c.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        blobs.forEach(b -> diffIds.add(b.diffId().toString()));
        byte[] config = Json.bytes(c);
        Descriptor configDescriptor = Descriptor.of(format.configMediaType(), config);

        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", format.manifestMediaType());
        m.set("config", Json.toJson(configDescriptor));
        ArrayNode layerArray = m.putArray("layers");
        blobs.forEach(b -> layerArray.add(Json.toJson(Descriptor.of(layerType, b.digest(), b.size()))));
        byte[] manifest = Json.bytes(m);
        put(config);
        put(manifest);

        ObjectNode record = Json.MAPPER.createObjectNode();
        record.put("manifest", Digest.sha256(manifest).toString());
        ArrayNode layers = record.putArray("layers");
        for (StreamedLayer.Blob b : blobs) {
            layers.addObject().put("digest", b.digest().toString()).put("size", b.size())
                    .put("diffId", b.diffId().toString()).put("uncompressed", b.uncompressedSize()).put("files", b.files());
        }
        Files.write(recordFile(name), Json.bytes(record));
        return load(name).orElseThrow(() -> new IllegalStateException("the image " + name + " just written is incomplete"));
    }

    private void put(byte[] content) throws IOException {
        Path file = store.resolve("blobs/sha256").resolve(Digest.sha256(content).hex());
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }

    private Path recordFile(String name) {
        return store.resolve(name + "-" + VERSION + ".json");
    }

    /** The image recorded under {@code name}, when the record and every blob of the right size are there. */
    private Optional<Built> load(String name) throws IOException {
        Path record = recordFile(name);
        if (!Files.isRegularFile(record)) {
            return Optional.empty();
        }
        JsonNode r = Json.MAPPER.readTree(record.toFile());
        Path manifestFile = blob(Digest.parse(r.get("manifest").asText()));
        if (!Files.isRegularFile(manifestFile)) {
            return Optional.empty();
        }
        byte[] manifest = Files.readAllBytes(manifestFile);
        JsonNode m = Json.MAPPER.readTree(manifest);
        Descriptor configDescriptor = Json.descriptor(m.get("config"));
        Path configFile = blob(configDescriptor.digest());
        if (!Files.isRegularFile(configFile)) {
            return Optional.empty();
        }
        List<TestLayer> layers = new ArrayList<>();
        long files = 0;
        long compressed = 0;
        long uncompressed = 0;
        for (JsonNode l : r.get("layers")) {
            Digest digest = Digest.parse(l.get("digest").asText());
            long size = l.get("size").asLong();
            Path file = blob(digest);
            if (!Files.isRegularFile(file) || Files.size(file) != size) {
                return Optional.empty();
            }
            layers.add(new TestLayer(Descriptor.of(ImageFormat.OCI.layerMediaType(Compression.GZIP), digest, size),
                    Digest.parse(l.get("diffId").asText()), l.get("uncompressed").asLong(), file));
            files += l.get("files").asLong();
            compressed += size;
            uncompressed += l.get("uncompressed").asLong();
        }
        TestImage image = new TestImage(ImageFormat.OCI, Platform.of("linux", "amd64"), manifest, Digest.sha256(manifest),
                Files.readAllBytes(configFile), configDescriptor, layers, store);
        return Optional.of(new Built(name, image, files, compressed, uncompressed));
    }

    private Path blob(Digest digest) {
        return store.resolve("blobs/sha256").resolve(digest.hex());
    }
}
