package io.whittle.oci.layout;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.oci.AccessException;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.DigestMismatchException;
import io.whittle.oci.Failure;
import io.whittle.oci.IndexManifest;
import io.whittle.oci.InvalidReferenceException;
import io.whittle.oci.Json;
import io.whittle.oci.Manifest;
import io.whittle.oci.MediaType;
import io.whittle.oci.image.MemoryImage;
import io.whittle.oci.image.TestImages;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutTest {
    @TempDir
    Path tmp;

    static final byte[] CONTENT = "some blob content".getBytes(UTF_8);
    static final Descriptor BLOB = Descriptor.of(MediaType.OCI_LAYER, CONTENT);

    @Test
    void createWritesTheSkeleton() throws IOException {
        Path dir = tmp.resolve("new/layout");
        OciLayout layout = OciLayout.create(dir);
        assertThat(layout.directory()).isEqualTo(dir.toAbsolutePath());
        assertThat(Json.MAPPER.readTree(dir.resolve("oci-layout").toFile()).path("imageLayoutVersion").asText())
                .isEqualTo("1.0.0");
        JsonNode index = Json.MAPPER.readTree(dir.resolve("index.json").toFile());
        assertThat(index.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(index.path("mediaType").asText()).isEqualTo(MediaType.OCI_INDEX);
        assertThat(index.path("manifests").isArray()).isTrue();
        assertThat(dir.resolve("blobs")).isDirectory();
        assertThat(layout.index().manifests()).isEmpty();
        assertThat(layout.tags()).isEmpty();
        assertThat(layout.describe()).isEqualTo("oci:" + dir.toAbsolutePath());
        // creating again opens what is there
        layout.putBlob(BLOB, new ByteArrayInputStream(CONTENT));
        assertThat(OciLayout.create(dir).hasBlob(BLOB)).isTrue();
        assertThat(OciLayout.open(dir).hasBlob(BLOB)).isTrue();
    }

    @Test
    void openRefusesWhatIsNoLayout() throws IOException {
        assertThatThrownBy(() -> OciLayout.open(tmp.resolve("missing")))
                .isInstanceOfSatisfying(AccessException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND))
                .hasMessageContaining("does not exist");
        Files.createDirectories(tmp.resolve("plain"));
        assertThatThrownBy(() -> OciLayout.open(tmp.resolve("plain"))).hasMessageContaining("has no oci-layout file");
        Path v2 = Files.createDirectories(tmp.resolve("v2"));
        Files.writeString(v2.resolve("oci-layout"), "{\"imageLayoutVersion\":\"2.0.0\"}");
        assertThatThrownBy(() -> OciLayout.open(v2))
                .isInstanceOfSatisfying(AccessException.class, e -> assertThat(e.failure()).isEqualTo(Failure.UNSUPPORTED))
                .hasMessageContaining("imageLayoutVersion \"2.0.0\", but only 1.x layouts can be read");
        Path noIndex = Files.createDirectories(tmp.resolve("noindex"));
        Files.writeString(noIndex.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        assertThatThrownBy(() -> OciLayout.open(noIndex)).hasMessageContaining("has no index.json");
        Files.writeString(noIndex.resolve("oci-layout"), "garbage");
        assertThatThrownBy(() -> OciLayout.open(noIndex)).hasMessageContaining("is not valid JSON");
    }

    @Test
    void createRefusesADirectoryWithOtherThingsInIt() throws IOException {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve("notes.txt"), "precious");
        assertThatThrownBy(() -> OciLayout.create(home)).isInstanceOf(AccessException.class)
                .hasMessageContaining("is not empty and is not an OCI layout: choose a new or empty directory");
        assertThat(home.resolve("oci-layout")).doesNotExist();
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> OciLayout.create(file)).hasMessageContaining("is a file, not a directory");
    }

    @Test
    void blobsLandUnderTheirDigestReadableByAll() throws IOException {
        OciLayout layout = OciLayout.create(tmp.resolve("l"));
        assertThat(layout.hasBlob(BLOB)).isFalse();
        layout.putBlob(BLOB, new ByteArrayInputStream(CONTENT));
        Path path = tmp.resolve("l/blobs/sha256/" + BLOB.digest().hex());
        assertThat(layout.blobPath(BLOB.digest())).isEqualTo(path.toAbsolutePath());
        assertThat(path).hasBinaryContent(CONTENT);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(path))).isEqualTo("rw-r--r--");
        assertThat(layout.hasBlob(BLOB)).isTrue();
        assertThat(layout.hasBlob(Descriptor.of(MediaType.OCI_LAYER, BLOB.digest(), BLOB.size() + 1))).isFalse();
        try (InputStream in = layout.openBlob(BLOB)) {
            assertThat(in.readAllBytes()).isEqualTo(CONTENT);
        }
        // sha512 blobs go under their own algorithm
        Descriptor d512 = Descriptor.of(MediaType.OCI_LAYER, Digest.of(Digest.Algorithm.SHA512, CONTENT), CONTENT.length);
        layout.putBlob(d512, new ByteArrayInputStream(CONTENT));
        assertThat(tmp.resolve("l/blobs/sha512/" + d512.digest().hex())).hasBinaryContent(CONTENT);
        assertThat(tempFiles(layout)).isEmpty();
    }

    @Test
    void aBlobThatDoesNotMatchNeverAppears() throws IOException {
        OciLayout layout = OciLayout.create(tmp.resolve("l"));
        byte[] other = "other content!!!!".getBytes(UTF_8);
        assertThat(other).hasSameSizeAs(CONTENT);
        assertThatThrownBy(() -> layout.putBlob(BLOB, new ByteArrayInputStream(other)))
                .isInstanceOf(DigestMismatchException.class).hasMessageContaining("has the wrong content");
        assertThatThrownBy(() -> layout.putBlob(BLOB, new ByteArrayInputStream(CONTENT, 0, 5)))
                .isInstanceOf(DigestMismatchException.class).hasMessageContaining("ended after 5 bytes");
        byte[] longer = (new String(CONTENT, UTF_8) + "and more").getBytes(UTF_8);
        assertThatThrownBy(() -> layout.putBlob(BLOB, new ByteArrayInputStream(longer)))
                .isInstanceOf(DigestMismatchException.class).hasMessageContaining("is longer than");
        InputStream failing = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ > 3) {
                    throw new IOException("connection reset");
                }
                return CONTENT[n - 1];
            }
        };
        assertThatThrownBy(() -> layout.putBlob(BLOB, failing)).hasMessage("connection reset");
        assertThat(layout.blobPath(BLOB.digest())).doesNotExist();
        assertThat(layout.hasBlob(BLOB)).isFalse();
        assertThat(tempFiles(layout)).isEmpty();
    }

    @Test
    void aKilledWriterLeavesNoCompleteLookingBlob() throws Exception {
        Path dir = tmp.resolve("killed");
        OciLayout layout = OciLayout.create(dir);
        long size = 200_000;
        Digest claimed = Digest.sha256("x".repeat((int) size).getBytes(UTF_8));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SlowBlobWriter.class.getName(), dir.toString(), claimed.toString(), Long.toString(size))
                .redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (tempFiles(layout).stream().noneMatch(p -> sizeOf(p) > 2048)) {
                assertThat(child.isAlive()).as("the writer is still running").isTrue();
                assertThat(System.nanoTime()).as("the writer started writing in time").isLessThan(deadline);
                Thread.sleep(20);
            }
            child.destroyForcibly();
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        // a partial file may remain, but never under the blob's name
        assertThat(layout.blobPath(claimed)).doesNotExist();
        assertThat(layout.hasBlob(Descriptor.of(MediaType.OCI_LAYER, claimed, size))).isFalse();
        assertThat(tempFiles(layout)).singleElement()
                .satisfies(p -> assertThat(p.getFileName().toString()).startsWith(".whittle-").endsWith(".tmp"));
        // and a later complete write succeeds beside it
        layout.putBlob(Descriptor.of(MediaType.OCI_LAYER, claimed, size),
                new ByteArrayInputStream("x".repeat((int) size).getBytes(UTF_8)));
        assertThat(layout.blobPath(claimed)).exists();
    }

    @Test
    void tagsAreRefNameAnnotationsAndANewTagReplacesTheOld() throws IOException {
        OciLayout layout = OciLayout.create(tmp.resolve("tags"));
        MemoryImage one = TestImages.image("one", 1);
        MemoryImage two = TestImages.image("two", 1);
        layout.putManifest(one.manifest(), Optional.of("v1"));
        layout.putManifest(one.manifest(), Optional.of("stable"));
        layout.putManifest(two.manifest(), Optional.of("v2"));
        assertThat(layout.tags()).containsExactly("v1", "stable", "v2");
        Descriptor v1 = layout.find("v1").orElseThrow();
        assertThat(v1.digest()).isEqualTo(one.digest());
        assertThat(v1.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(v1.size()).isEqualTo(one.manifest().raw().length);
        assertThat(v1.annotations()).containsExactly(java.util.Map.entry(OciLayout.REF_NAME, "v1"));

        // moving a tag: one entry, pointing at the new manifest
        layout.putManifest(two.manifest(), Optional.of("stable"));
        assertThat(layout.tags()).containsExactly("v1", "v2", "stable");
        assertThat(layout.find("stable").orElseThrow().digest()).isEqualTo(two.digest());
        assertThat(layout.index().manifests()).hasSize(3);

        // without a tag a manifest is only a blob, unless it is the top of a copy
        MemoryImage three = TestImages.image("three", 1);
        layout.putManifest(three.manifest(), Optional.empty());
        assertThat(layout.hasManifest(three.descriptor())).isTrue();
        assertThat(layout.index().manifests()).hasSize(3);
        layout.putTopManifest(three.manifest(), Optional.empty());
        layout.putTopManifest(three.manifest(), Optional.empty());
        assertThat(layout.index().manifests()).hasSize(4);
        assertThat(layout.find(three.digest().toString())).isPresent();

        assertThat(layout.untag("v1")).isTrue();
        assertThat(layout.untag("v1")).isFalse();
        assertThat(layout.tags()).containsExactly("v2", "stable");
        layout.tag(Descriptor.of(one.manifest().mediaType(), one.manifest().raw()), "again");
        assertThat(layout.find("again").orElseThrow().digest()).isEqualTo(one.digest());
        MemoryImage absent = TestImages.image("absent", 1);
        assertThatThrownBy(() -> layout.tag(absent.descriptor(), "x")).hasMessageContaining("store it before tagging it");
        assertThatThrownBy(() -> layout.putManifest(one.manifest(), Optional.of("bad tag")))
                .isInstanceOf(InvalidReferenceException.class);
    }

    @Test
    void manifestsByTagOrDigestWithTheirBytes() throws IOException {
        OciLayout layout = OciLayout.create(tmp.resolve("m"));
        MemoryImage image = TestImages.image(MemoryImage.Format.DOCKER, io.whittle.oci.Platform.parse("linux/amd64"), "d", 1);
        layout.putManifest(image.manifest(), Optional.of("latest"));
        Manifest byTag = layout.manifest("latest");
        assertThat(byTag.raw()).isEqualTo(image.manifest().raw());
        assertThat(byTag.mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
        assertThat(layout.manifest(image.digest().toString())).isEqualTo(byTag);
        assertThat(layout.resolve(Optional.empty()).digest()).isEqualTo(image.digest());
        assertThat(layout.resolve(Optional.of("latest")).digest()).isEqualTo(image.digest());
        assertThat(layout.resolve(Optional.of(image.digest().toString())).digest()).isEqualTo(image.digest());

        assertThatThrownBy(() -> layout.manifest("nope"))
                .isInstanceOfSatisfying(AccessException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND))
                .hasMessage("the OCI layout " + layout.directory() + " has no image tagged 'nope'; its tags are latest");
        String absent = Digest.sha256("absent".getBytes(UTF_8)).toString();
        assertThatThrownBy(() -> layout.manifest(absent))
                .isInstanceOfSatisfying(AccessException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND))
                .hasMessageContaining("is not in the OCI layout");
        layout.putManifest(TestImages.image("other", 1).manifest(), Optional.of("other"));
        assertThatThrownBy(() -> layout.resolve(Optional.empty()))
                .hasMessageContaining("holds 2 images, so name one")
                .hasMessageContaining("(tags: latest, other)");
    }

    @Test
    void damageIsDetected() throws IOException {
        OciLayout layout = OciLayout.create(tmp.resolve("d"));
        MemoryImage image = TestImages.image("dmg", 1);
        layout.putManifest(image.manifest(), Optional.of("v"));
        Descriptor layer = image.manifest().layers().getFirst();
        try (InputStream in = image.openBlob(layer)) {
            layout.putBlob(layer, in);
        }
        Path blob = layout.blobPath(layer.digest());
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(blob, bytes);
        assertThatThrownBy(() -> {
            try (InputStream in = layout.openBlob(layer)) {
                in.readAllBytes();
            }
        }).isInstanceOf(DigestMismatchException.class);
        Files.write(blob, new byte[3]);
        assertThatThrownBy(() -> layout.openBlob(layer))
                .isInstanceOfSatisfying(AccessException.class, e -> assertThat(e.failure()).isEqualTo(Failure.CORRUPT))
                .hasMessageContaining("has 3 bytes, but its descriptor states " + layer.size());
        Files.delete(blob);
        assertThatThrownBy(() -> layout.openBlob(layer))
                .isInstanceOfSatisfying(AccessException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND));

        Path manifest = layout.blobPath(image.digest());
        Files.writeString(manifest, Files.readString(manifest).replace("layers", "Layers"));
        assertThatThrownBy(() -> layout.manifest("v"))
                .isInstanceOfSatisfying(AccessException.class, e -> assertThat(e.failure()).isEqualTo(Failure.CORRUPT))
                .hasMessageContaining("is damaged");

        // a huge file under a manifest digest is not read whole
        Digest huge = Digest.sha256("huge".getBytes(UTF_8));
        Files.write(layout.blobPath(huge), new byte[(4 << 20) + 1]);
        assertThatThrownBy(() -> layout.manifest(huge.toString()))
                .isInstanceOfSatisfying(AccessException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID))
                .hasMessageContaining("is larger than the 4194304 bytes allowed");

        Files.writeString(layout.directory().resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":7}");
        assertThatThrownBy(layout::index).hasMessageContaining("the layout is damaged");
        assertThatThrownBy(() -> layout.putManifest(image.manifest(), Optional.of("w")))
                .hasMessageContaining("is not an image index: the layout is damaged, so it is left alone");
    }

    @Test
    void whatIndexJsonHoldsBesideTagsIsKept() throws IOException {
        OciLayout layout = OciLayout.create(tmp.resolve("keep"));
        MemoryImage image = TestImages.image("keep", 1);
        Path indexFile = layout.directory().resolve("index.json");
        ObjectNode index = (ObjectNode) Json.MAPPER.readTree(indexFile.toFile());
        index.putObject("annotations").put("org.example.owner", "team");
        ObjectNode foreign = index.withArray("manifests").addObject();
        foreign.put("mediaType", MediaType.OCI_MANIFEST);
        foreign.put("digest", image.digest().toString());
        foreign.put("size", image.manifest().raw().length);
        foreign.putObject("annotations").put(OciLayout.REF_NAME, "theirs").put("org.example.extra", "kept");
        foreign.putObject("platform").put("os", "linux").put("architecture", "amd64");
        Files.write(indexFile, Json.bytes(index));

        layout.putManifest(image.manifest(), Optional.of("ours"));
        JsonNode after = Json.MAPPER.readTree(indexFile.toFile());
        assertThat(after.path("annotations").path("org.example.owner").asText()).isEqualTo("team");
        assertThat(after.path("manifests").get(0)).isEqualTo(foreign);
        IndexManifest parsed = layout.index();
        assertThat(parsed.annotations()).containsEntry("org.example.owner", "team");
        assertThat(layout.tags()).containsExactly("theirs", "ours");
    }

    @Test
    void concurrentWritersAllLand() throws Exception {
        OciLayout first = OciLayout.create(tmp.resolve("busy"));
        List<MemoryImage> images = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            images.add(TestImages.image("busy" + i, 1));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    // a layout object per thread, as separate commands would have
                    OciLayout layout = OciLayout.open(first.directory());
                    for (int i = 0; i < images.size(); i++) {
                        MemoryImage image = images.get(i);
                        Descriptor layer = image.manifest().layers().getFirst();
                        try (InputStream in = image.openBlob(layer)) {
                            layout.putBlob(layer, in);
                        }
                        layout.putManifest(image.manifest(), Optional.of("t" + thread + "-" + i));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(first.tags()).hasSize(48).doesNotHaveDuplicates();
        for (int t = 0; t < 8; t++) {
            for (int i = 0; i < images.size(); i++) {
                assertThat(first.manifest("t" + t + "-" + i).digest()).isEqualTo(images.get(i).digest());
            }
        }
        assertThat(tempFiles(first)).isEmpty();
    }

    @Test
    void manyWritersMayCreateTheSameLayoutAtOnceThroughAnyPath() throws Exception {
        Path real = tmp.resolve("fresh");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), tmp);
        MemoryImage image = TestImages.image("fresh", 1);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int thread = t;
                Path spelled = thread % 2 == 0 ? real : link.resolve("fresh");
                futures.add(pool.submit(() -> {
                    OciLayout layout = OciLayout.create(spelled);
                    layout.putManifest(image.manifest(), Optional.of("w" + thread));
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(OciLayout.open(real).tags()).containsExactlyInAnyOrder("w0", "w1", "w2", "w3", "w4", "w5");
    }

    private static List<Path> tempFiles(OciLayout layout) throws IOException {
        try (Stream<Path> all = Files.walk(layout.directory())) {
            return all.filter(p -> p.getFileName().toString().startsWith(".whittle-")).toList();
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
