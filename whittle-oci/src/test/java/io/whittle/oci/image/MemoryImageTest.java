package io.whittle.oci.image;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.AccessException;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.DigestMismatchException;
import io.whittle.oci.Failure;
import io.whittle.oci.ImageConfig;
import io.whittle.oci.Json;
import io.whittle.oci.Layer;
import io.whittle.oci.MediaType;
import io.whittle.oci.OciException;
import io.whittle.oci.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MemoryImageTest {

    @Test
    void diffIdsAreTheHashesOfTheUncompressedTars() throws IOException {
        byte[] tar1 = TestImages.tar(Map.of("a.txt", "A"));
        byte[] tar2 = TestImages.tar(Map.of("dir/b.txt", "B"));
        MemoryImage image = MemoryImage.empty(MemoryImage.Format.OCI)
                .withLayer(TestImages.gzip(tar1), MediaType.OCI_LAYER_GZIP)
                .withLayer(tar2, MediaType.OCI_LAYER);
        ImageConfig config = image.config();
        assertThat(config.diffIds()).containsExactly(Digest.sha256(tar1), Digest.sha256(tar2));
        List<Layer> layers = image.layers();
        assertThat(layers).hasSize(2);
        assertThat(layers.get(0).diffId()).isEqualTo(Digest.sha256(tar1));
        assertThat(layers.get(0).digest()).isEqualTo(Digest.sha256(TestImages.gzip(tar1)));
        assertThat(layers.get(1).digest()).isEqualTo(layers.get(1).diffId());
        try (InputStream in = layers.get(1).open()) {
            assertThat(in.readAllBytes()).isEqualTo(tar2);
        }
    }

    @Test
    void writesAnOciManifestAndConfigWithHistory() throws IOException {
        MemoryImage image = TestImages.image("app", 2).withAnnotations(Map.of("org.opencontainers.image.title", "app"));
        assertThat(image.manifest().mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(image.manifest().config().mediaType()).isEqualTo(MediaType.OCI_CONFIG);
        assertThat(image.manifest().annotations()).containsEntry("org.opencontainers.image.title", "app");
        assertThat(image.manifest().config().digest()).isEqualTo(Digest.sha256(image.rawConfig()));
        JsonNode config = Json.MAPPER.readTree(image.rawConfig());
        assertThat(config.path("architecture").asText()).isEqualTo("amd64");
        assertThat(config.path("os").asText()).isEqualTo("linux");
        assertThat(config.path("rootfs").path("type").asText()).isEqualTo("layers");
        assertThat(config.path("config").path("Cmd").get(0).asText()).isEqualTo("/bin/sh");
        JsonNode history = config.path("history");
        assertThat(history).hasSize(3);
        assertThat(history.get(0).path("created_by").asText()).isEqualTo("layer 1");
        assertThat(history.get(2).path("empty_layer").asBoolean()).isTrue();
        ImageConfig parsed = image.config();
        assertThat(parsed.history().stream().filter(h -> !h.emptyLayer()).count()).isEqualTo(parsed.diffIds().size());
    }

    @Test
    void writesADockerManifestWhenAsked() {
        MemoryImage image = TestImages.image(MemoryImage.Format.DOCKER, Platform.parse("linux/arm/v7"), "d", 1);
        assertThat(image.manifest().mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
        assertThat(image.manifest().config().mediaType()).isEqualTo(MediaType.DOCKER_CONFIG);
        assertThat(image.manifest().layers().getFirst().mediaType()).isEqualTo(MediaType.DOCKER_LAYER_GZIP);
        assertThat(image.descriptor().platform()).contains(Platform.parse("linux/arm/v7"));
        assertThat(image.descriptor().digest()).isEqualTo(image.manifest().digest());
    }

    @Test
    void isAValueWithMethodsThatReturnNewImages() throws IOException {
        MemoryImage base = TestImages.image("base", 1);
        Digest before = base.digest();
        MemoryImage more = base.withLayer(TestImages.layer("x", "y"), MediaType.OCI_LAYER_GZIP);
        MemoryImage arm = base.withPlatform(Platform.parse("linux/arm64"));
        MemoryImage labelled = base.withRunConfig(c -> c.putObject("Labels").put("k", "v"));
        assertThat(base.digest()).isEqualTo(before);
        assertThat(base.manifest().layers()).hasSize(1);
        assertThat(more.manifest().layers()).hasSize(2);
        assertThat(arm.config().platform()).hasToString("linux/arm64");
        assertThat(labelled.config().config().labels()).containsEntry("k", "v");
        assertThat(base.config().config().labels()).isEmpty();
        assertThat(List.of(more.digest(), arm.digest(), labelled.digest())).doesNotContain(before).doesNotHaveDuplicates();
        // equal inputs, equal digests
        assertThat(TestImages.image("base", 1)).isEqualTo(base).hasSameHashCodeAs(base);
        assertThat(base.withCreated("2024-01-01T00:00:00Z").digest()).isNotEqualTo(before);
    }

    @Test
    void servesItselfAsAnImageSource() throws IOException {
        MemoryImage image = TestImages.image("src", 2);
        assertThat(image.manifest("anything")).isEqualTo(image.manifest());
        assertThat(image.manifest(image.digest().toString())).isEqualTo(image.manifest());
        assertThatThrownBy(() -> image.manifest(Digest.sha256("other".getBytes(UTF_8)).toString()))
                .isInstanceOfSatisfying(AccessException.class, e -> assertThat(e.failure()).isEqualTo(Failure.NOT_FOUND));
        Descriptor layer = image.manifest().layers().get(1);
        try (InputStream in = image.openBlob(layer)) {
            assertThat(Digest.sha256(in.readAllBytes())).isEqualTo(layer.digest());
        }
        Descriptor missing = Descriptor.of(MediaType.OCI_LAYER, "nope".getBytes(UTF_8));
        assertThatThrownBy(() -> image.openBlob(missing)).isInstanceOf(AccessException.class)
                .hasMessageContaining("is not part of memory image");
        // a descriptor with the right digest and a wrong size is caught while reading
        Descriptor lying = Descriptor.of(layer.mediaType(), layer.digest(), layer.size() - 1);
        assertThatThrownBy(() -> {
            try (InputStream in = image.openBlob(lying)) {
                in.readAllBytes();
            }
        }).isInstanceOf(DigestMismatchException.class);
        assertThat(image.describe()).startsWith("memory image sha256:");
    }

    @Test
    void foreignLayersKeepTheirUrls() {
        MemoryImage image = MemoryImage.empty(MemoryImage.Format.DOCKER)
                .withForeignLayer(TestImages.layer("w", "windows"), MediaType.DOCKER_FOREIGN_LAYER_GZIP,
                        List.of("https://mcr.example/layer"));
        Descriptor d = image.manifest().layers().getFirst();
        assertThat(d.urls()).containsExactly("https://mcr.example/layer");
        assertThat(image.blob(d.digest())).isPresent();
    }

    @Test
    void refusesWhatCannotBeComputed() throws IOException {
        MemoryImage empty = MemoryImage.empty(MemoryImage.Format.OCI);
        assertThatThrownBy(() -> empty.withLayer(new byte[] {1, 2}, MediaType.OCI_LAYER_ZSTD))
                .isInstanceOf(OciException.class).hasMessageContaining("pass it to withLayer(blob, mediaType, diffId");
        assertThatThrownBy(() -> empty.withLayer("not gzip".getBytes(UTF_8), MediaType.OCI_LAYER_GZIP))
                .hasMessageContaining("is not valid gzip");
        assertThatThrownBy(() -> empty.withLayer(new byte[0], MediaType.OCI_MANIFEST))
                .hasMessageContaining("is a manifest media type, not a layer");
        Digest diffId = Digest.sha256("tar".getBytes(UTF_8));
        assertThat(empty.withLayer(new byte[] {1, 2}, MediaType.OCI_LAYER_ZSTD, diffId, "zstd layer").config().diffIds())
                .containsExactly(diffId);
    }
}
