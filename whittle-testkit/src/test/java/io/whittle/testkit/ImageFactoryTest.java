package io.whittle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.luben.zstd.ZstdInputStream;
import io.whittle.oci.Digest;
import io.whittle.oci.ImageConfig;
import io.whittle.oci.Json;
import io.whittle.oci.MediaType;
import io.whittle.oci.MediaType.Compression;
import io.whittle.oci.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFactoryTest {

    @TempDir
    Path temp;

    static LayerSpec.Builder everyKind() {
        return LayerSpec.builder()
                .dir("etc")
                .file("etc/hello", "hello\n")
                .file("bin/tool", new byte[] {1, 2, 3}, 04755, 1000, 1001)
                .symlink("etc/link", "hello")
                .hardLink("etc/again", "etc/hello")
                .whiteout("var/old")
                .opaque("var/cache")
                .fifo("dev/pipe")
                .file("../escape", "out");
    }

    @Test
    void sameSpecGivesSameDigestsInAnyDirectory() {
        ImageSpec spec = ImageSpec.builder(ImageFormat.OCI).env("A=1").layer(everyKind()).build();
        TestImage a = new ImageFactory(temp.resolve("a")).image(spec);
        TestImage b = new ImageFactory(temp.resolve("b")).image(spec);
        assertThat(a.digest()).isEqualTo(b.digest());
        assertThat(a.manifestBytes()).isEqualTo(b.manifestBytes());
        assertThat(a.configBytes()).isEqualTo(b.configBytes());
        assertThat(a.layerDescriptors()).isEqualTo(b.layerDescriptors());
        TestImage other = new ImageFactory(temp.resolve("c")).image(ImageSpec.builder(ImageFormat.OCI).env("A=2")
                .layer(everyKind()).build());
        assertThat(other.digest()).isNotEqualTo(a.digest());
        assertThat(other.layerDescriptors()).isEqualTo(a.layerDescriptors());
    }

    @Test
    void tarHoldsEveryEntryExactlyAsSpecified() throws IOException {
        TestLayer layer = new ImageFactory(temp).layer(everyKind().build(), ImageFormat.OCI);
        assertThat(layer.mediaType()).isEqualTo(MediaType.OCI_LAYER_GZIP);
        List<TarArchiveEntry> entries = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(layer.open()))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                entries.add(e);
            }
        }
        assertThat(entries).extracting(TarArchiveEntry::getName).containsExactly("etc/", "etc/hello", "bin/tool",
                "etc/link", "etc/again", "var/.wh.old", "var/cache/.wh..wh..opq", "dev/pipe", "../escape");
        assertThat(entries.get(0).isDirectory()).isTrue();
        assertThat(entries.get(2).getMode() & 07777).isEqualTo(04755);
        assertThat(entries.get(2).getLongUserId()).isEqualTo(1000);
        assertThat(entries.get(2).getLongGroupId()).isEqualTo(1001);
        assertThat(entries.get(3).isSymbolicLink()).isTrue();
        assertThat(entries.get(3).getLinkName()).isEqualTo("hello");
        assertThat(entries.get(4).isLink()).isTrue();
        assertThat(entries.get(4).getLinkName()).isEqualTo("etc/hello");
        assertThat(entries.get(7).isFIFO()).isTrue();
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.getLastModifiedTime().toInstant()).isEqualTo(LayerSpec.DEFAULT_MTIME);
            assertThat(e.getUserName()).isEmpty();
        });
    }

    @Test
    void diffIdIsTheDigestOfTheUncompressedTarForEveryCompression() throws IOException {
        ImageFactory factory = new ImageFactory(temp);
        for (Compression c : Compression.values()) {
            TestLayer layer = factory.layer(everyKind().compression(c).build(), ImageFormat.OCI);
            assertThat(MediaType.compressionOf(layer.mediaType())).isEqualTo(c);
            assertThat(Files.size(layer.file())).isEqualTo(layer.size());
            assertThat(Digest.sha256(Files.readAllBytes(layer.file()))).isEqualTo(layer.digest());
            try (InputStream raw = Files.newInputStream(layer.file());
                 InputStream tar = switch (c) {
                     case GZIP -> new GZIPInputStream(raw);
                     case ZSTD -> new ZstdInputStream(raw);
                     case NONE -> raw;
                 }) {
                byte[] uncompressed = tar.readAllBytes();
                assertThat(Digest.sha256(uncompressed)).isEqualTo(layer.diffId());
                assertThat(uncompressed.length).isEqualTo(layer.uncompressedSize());
            }
            if (c == Compression.NONE) {
                assertThat(layer.diffId()).isEqualTo(layer.digest());
            }
        }
    }

    @Test
    void configCarriesPlatformRunConfigHistoryAndDiffIds() throws IOException {
        ImageSpec spec = ImageSpec.builder(ImageFormat.OCI)
                .platform("linux/arm64/v8")
                .user("1000:1000").env("PATH=/bin", "MODE=test").entrypoint("/app").cmd("--serve")
                .exposedPort("8080/tcp").label("team", "core").workingDir("/srv").volume("/data")
                .layer(LayerSpec.builder().file("app", "#!/bin/sh\n", 0755).createdBy("COPY app /"))
                .history("ENV MODE=test")
                .layer(LayerSpec.builder().file("etc/conf", "x").compression(Compression.ZSTD))
                .created(Instant.parse("2023-05-06T07:08:09Z"))
                .build();
        TestImage image = new ImageFactory(temp).image(spec);
        ImageConfig config = image.config();
        assertThat(config.os()).isEqualTo("linux");
        assertThat(config.architecture()).isEqualTo("arm64");
        assertThat(config.variant()).contains("v8");
        assertThat(config.config().user()).contains("1000:1000");
        assertThat(config.config().env()).containsExactly("PATH=/bin", "MODE=test");
        assertThat(config.config().entrypoint()).containsExactly("/app");
        assertThat(config.config().cmd()).containsExactly("--serve");
        assertThat(config.config().exposedPorts()).containsExactly("8080/tcp");
        assertThat(config.config().labels()).containsEntry("team", "core");
        assertThat(config.config().workingDir()).contains("/srv");
        assertThat(config.diffIds()).isEqualTo(image.diffIds());
        assertThat(config.history()).hasSize(3);
        assertThat(config.history().get(0).createdBy()).contains("COPY app /");
        assertThat(config.history().get(1).emptyLayer()).isTrue();
        assertThat(config.created()).contains("2023-05-06T07:08:09Z");
        assertThat(image.manifest().layers()).extracting(d -> d.mediaType())
                .containsExactly(MediaType.OCI_LAYER_GZIP, MediaType.OCI_LAYER_ZSTD);
        assertThat(image.manifest().config().mediaType()).isEqualTo(MediaType.OCI_CONFIG);
        // The Image view verifies what it hands out.
        try (InputStream in = image.openBlob(image.layerDescriptors().get(1))) {
            assertThat(in.readAllBytes()).hasSize((int) image.layerDescriptors().get(1).size());
        }
    }

    @Test
    void dockerFormatUsesDockerTypesThroughout() {
        ImageFactory factory = new ImageFactory(temp);
        TestImage image = factory.smallImage(ImageFormat.DOCKER, "docker");
        JsonNode manifest = read(image.manifestBytes());
        assertThat(manifest.path("mediaType").asText()).isEqualTo(MediaType.DOCKER_MANIFEST);
        assertThat(manifest.path("config").path("mediaType").asText()).isEqualTo(MediaType.DOCKER_CONFIG);
        assertThat(manifest.path("layers").get(0).path("mediaType").asText()).isEqualTo(MediaType.DOCKER_LAYER_GZIP);
        TestIndex list = factory.multiPlatform(ImageFormat.DOCKER, "m", Platform.of("linux", "amd64"),
                Platform.of("linux", "arm64", "v8"));
        assertThat(read(list.indexBytes()).path("mediaType").asText()).isEqualTo(MediaType.DOCKER_MANIFEST_LIST);
        assertThat(list.manifest().manifests()).extracting(d -> d.platform().orElseThrow().toString())
                .containsExactly("linux/amd64", "linux/arm64/v8");
        assertThatThrownBy(() -> ImageSpec.builder(ImageFormat.DOCKER)
                .layer(LayerSpec.builder().file("a", "b").compression(Compression.ZSTD)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zstd");
        assertThatThrownBy(() -> factory.index(ImageFormat.OCI, List.of(image)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index's format");
    }

    @Test
    void ociIndexListsChildrenWithPlatforms() {
        ImageFactory factory = new ImageFactory(temp);
        TestIndex index = factory.multiPlatform(ImageFormat.OCI, "x", Platform.of("linux", "amd64"),
                Platform.of("linux", "arm", "v7"), Platform.of("linux", "s390x"));
        assertThat(index.mediaType()).isEqualTo(MediaType.OCI_INDEX);
        assertThat(index.images()).hasSize(3).extracting(TestImage::digest).doesNotHaveDuplicates();
        assertThat(index.image(Platform.of("linux", "arm", "v7")).digest()).isEqualTo(index.images().get(1).digest());
        assertThat(Digest.sha256(index.indexBytes())).isEqualTo(index.digest());
        assertThat(index.blobPath(index.digest())).exists();
    }

    @Test
    void largeRandomLayersAreStreamedAndReproducible() throws IOException {
        long size = 4L << 20;
        ImageFactory factory = new ImageFactory(temp.resolve("one"));
        TestImage image = factory.largeImage(ImageFormat.OCI, 2, size, 7);
        assertThat(image.testLayers()).hasSize(2);
        for (TestLayer l : image.testLayers()) {
            // Random bytes barely compress: the blob is about as big as its content.
            assertThat(l.size()).isGreaterThan(size);
            assertThat(l.uncompressedSize()).isGreaterThan(size);
            try (DigestInputStream in = new DigestInputStream(Files.newInputStream(l.file()),
                    Digest.Algorithm.SHA256.newHasher())) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
                assertThat(Digest.fromHasher(Digest.Algorithm.SHA256, in.getMessageDigest())).isEqualTo(l.digest());
            }
        }
        assertThat(image.testLayers().get(0).digest()).isNotEqualTo(image.testLayers().get(1).digest());
        TestImage again = new ImageFactory(temp.resolve("two")).largeImage(ImageFormat.OCI, 2, size, 7);
        assertThat(again.digest()).isEqualTo(image.digest());
    }

    @Test
    void largeLayersAreRememberedOnDiskAndRebuiltWhenTheirBlobIsGone() throws IOException {
        LayerSpec spec = LayerSpec.random(2L << 20, 99);
        Path dir = temp.resolve("cache");
        TestLayer first = new ImageFactory(dir).layer(spec, ImageFormat.OCI);
        Files.setLastModifiedTime(first.file(), java.nio.file.attribute.FileTime.fromMillis(0));
        TestLayer reused = new ImageFactory(dir).layer(spec, ImageFormat.OCI);
        assertThat(reused).isEqualTo(first);
        assertThat(Files.getLastModifiedTime(first.file()).toMillis()).isZero();
        Files.delete(first.file());
        TestLayer rebuilt = new ImageFactory(dir).layer(spec, ImageFormat.OCI);
        assertThat(rebuilt).isEqualTo(first);
        assertThat(Digest.sha256(Files.readAllBytes(rebuilt.file()))).isEqualTo(first.digest());
    }

    @Test
    void writeLayoutKeepsOtherTags() throws IOException {
        ImageFactory factory = new ImageFactory(temp.resolve("store"));
        Path layout = temp.resolve("layout");
        TestImage one = factory.smallImage(ImageFormat.OCI, "one");
        TestImage two = factory.smallImage(ImageFormat.OCI, "two");
        one.writeLayout(layout, "one");
        two.writeLayout(layout, "two");
        one.writeLayout(layout, "two");
        JsonNode index = Json.MAPPER.readTree(layout.resolve("index.json").toFile());
        assertThat(index.path("manifests")).hasSize(2);
        assertThat(index.path("manifests")).allSatisfy(m ->
                assertThat(m.path("digest").asText()).isEqualTo(one.digest().toString()));
        assertThat(Files.readString(layout.resolve("oci-layout"))).contains("\"imageLayoutVersion\":\"1.0.0\"");
        for (var d : two.blobs()) {
            assertThat(layout.resolve("blobs/sha256/" + d.digest().hex())).exists();
        }
    }

    private static JsonNode read(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
