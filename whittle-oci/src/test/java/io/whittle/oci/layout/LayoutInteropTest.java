package io.whittle.oci.layout;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.Image;
import io.whittle.oci.IndexManifest;
import io.whittle.oci.Json;
import io.whittle.oci.Manifest;
import io.whittle.oci.Platform;
import io.whittle.oci.image.Images;
import io.whittle.oci.image.MemoryImage;
import io.whittle.oci.image.MemoryIndex;
import io.whittle.oci.image.SourceImage;
import io.whittle.oci.image.TestImages;
import io.whittle.oci.transfer.CopyOptions;
import io.whittle.oci.transfer.ImageCopier;
import io.whittle.oci.transfer.PlatformChoice;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whittle's layouts against the real skopeo and umoci: each reads what the other wrote. */
class LayoutInteropTest {
    @TempDir
    Path tmp;

    private static final ImageCopier ALL = new ImageCopier(CopyOptions.defaults().withPlatforms(PlatformChoice.ALL));

    private OciLayout write(String name, io.whittle.oci.transfer.ImageSource image, String tag) throws IOException {
        OciLayout layout = OciLayout.create(tmp.resolve(name));
        ALL.copy(image, "latest", layout, Optional.of(tag));
        return layout;
    }

    private static String oci(OciLayout layout, String tag) {
        return "oci:" + layout.directory() + ":" + tag;
    }

    /** Reads every blob of the image through the layout, so each is verified. */
    private static void readAll(Image image) throws IOException {
        image.rawConfig();
        for (var layer : image.layers()) {
            try (InputStream in = layer.open()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
    }

    @Test
    void skopeoInspectsWhatWhittleWrote() throws Exception {
        MemoryImage image = TestImages.image("inspect", 2);
        OciLayout layout = write("w", image, "v1");
        byte[] raw = Tools.ok("skopeo", "inspect", "--raw", oci(layout, "v1")).getBytes(UTF_8);
        assertThat(raw).isEqualTo(image.manifest().raw());
        byte[] config = Tools.ok("skopeo", "inspect", "--config", "--raw", oci(layout, "v1")).getBytes(UTF_8);
        assertThat(config).isEqualTo(image.rawConfig());
        JsonNode info = Json.MAPPER.readTree(Tools.ok("skopeo", "inspect", oci(layout, "v1")));
        assertThat(info.path("Digest").asText()).isEqualTo(image.digest().toString());
        assertThat(info.path("Architecture").asText()).isEqualTo("amd64");
        List<String> layers = new java.util.ArrayList<>();
        info.path("Layers").forEach(n -> layers.add(n.asText()));
        assertThat(layers).isEqualTo(image.manifest().layers().stream().map(d -> d.digest().toString()).toList());
    }

    /**
     * A Docker schema 2 image keeps its bytes and its media type in the layout, so its digest is unchanged.
     * skopeo (containers/image, all versions) looks tags up only among OCI manifests and indexes, so it reaches
     * such an image as {@code oci:DIR} when it is the layout's only image.
     */
    @Test
    void skopeoReadsADockerFormatImageWhittleWrote() throws Exception {
        MemoryImage image = TestImages.image(MemoryImage.Format.DOCKER, Platform.parse("linux/arm64"), "dock", 1);
        OciLayout layout = write("d", image, "docker");
        assertThat(layout.find("docker").orElseThrow().mediaType()).isEqualTo(io.whittle.oci.MediaType.DOCKER_MANIFEST);
        assertThat(layout.manifest("docker").raw()).isEqualTo(image.manifest().raw());
        String only = "oci:" + layout.directory();
        assertThat(Tools.ok("skopeo", "inspect", "--raw", only).getBytes(UTF_8)).isEqualTo(image.manifest().raw());
        JsonNode info = Json.MAPPER.readTree(Tools.ok("skopeo", "inspect", only));
        assertThat(info.path("Architecture").asText()).isEqualTo("arm64");
        assertThat(info.path("Digest").asText()).isEqualTo(image.digest().toString());
    }

    @Test
    void whittleReadsWhatSkopeoCopiedFromAWhittleLayout() throws Exception {
        MemoryImage image = TestImages.image("copy", 3);
        OciLayout source = write("src", image, "v1");
        Path copy = tmp.resolve("skopeo-copy");
        Tools.ok("skopeo", "copy", "--quiet", oci(source, "v1"), "oci:" + copy + ":v2");

        OciLayout layout = OciLayout.open(copy);
        assertThat(layout.tags()).containsExactly("v2");
        Manifest m = layout.manifest("v2");
        assertThat(m.digest()).isEqualTo(image.digest());
        Image read = SourceImage.open(layout, "v2");
        assertThat(read.config()).isEqualTo(image.config());
        readAll(read);
        // skopeo's oci:DIR without a tag: the only image
        assertThat(layout.resolve(Optional.empty()).digest()).isEqualTo(image.digest());
    }

    @Test
    void wholeIndexesRoundTripThroughSkopeo() throws Exception {
        MemoryIndex index = TestImages.multiPlatform("rt");
        OciLayout source = write("idx", index, "multi");
        assertThat(Tools.ok("skopeo", "inspect", "--raw", oci(source, "multi")).getBytes(UTF_8))
                .isEqualTo(index.manifest().raw());

        Path copy = tmp.resolve("idx-copy");
        Tools.ok("skopeo", "copy", "--quiet", "--all", oci(source, "multi"), "oci:" + copy + ":multi");
        OciLayout layout = OciLayout.open(copy);
        IndexManifest read = (IndexManifest) layout.manifest("multi");
        assertThat(read.raw()).isEqualTo(index.manifest().raw());
        for (Descriptor child : read.manifests()) {
            Image image = Images.open(layout, child.digest().toString()).image(Platform.host());
            assertThat(image.digest()).isEqualTo(child.digest());
            readAll(image);
        }

        // and back: Whittle copies skopeo's layout whole, nothing changes
        OciLayout again = OciLayout.create(tmp.resolve("idx-again"));
        var result = ALL.copy(layout, "multi", again, Optional.of("multi"));
        assertThat(result.digest()).isEqualTo(index.digest());
        assertThat(result.manifestsWritten()).isEqualTo(4);
    }

    @Test
    void skopeoPicksAPlatformFromWhittlesIndex() throws Exception {
        MemoryIndex index = TestImages.multiPlatform("pick");
        OciLayout source = write("pick", index, "multi");
        Path copy = tmp.resolve("arm");
        Tools.ok("skopeo", "--override-arch", "arm64", "--override-os", "linux", "copy", "--quiet",
                oci(source, "multi"), "oci:" + copy + ":arm");
        Digest arm = index.manifest().select(Platform.parse("linux/arm64")).digest();
        assertThat(OciLayout.open(copy).manifest("arm").digest()).isEqualTo(arm);
    }

    @Test
    void skopeoAndWhittleShareOneLayout() throws Exception {
        MemoryImage first = TestImages.image("first", 1);
        MemoryImage second = TestImages.image("second", 1);
        OciLayout layout = write("shared", first, "one");
        // skopeo adds a tag beside Whittle's, Whittle adds one beside skopeo's
        Tools.ok("skopeo", "copy", "--quiet", oci(layout, "one"), oci(layout, "one-again"));
        ALL.copy(second, "latest", layout, Optional.of("two"));
        assertThat(layout.tags()).containsExactlyInAnyOrder("one", "one-again", "two");
        assertThat(layout.manifest("one-again").digest()).isEqualTo(first.digest());
        for (String tag : List.of("one", "one-again", "two")) {
            JsonNode info = Json.MAPPER.readTree(Tools.ok("skopeo", "inspect", oci(layout, tag)));
            assertThat(info.path("Digest").asText()).isEqualTo(layout.manifest(tag).digest().toString());
        }
        // moving a tag with skopeo leaves one entry for it
        Tools.ok("skopeo", "copy", "--quiet", oci(layout, "two"), oci(layout, "one"));
        assertThat(layout.manifest("one").digest()).isEqualTo(second.digest());
        assertThat(layout.tags()).filteredOn("one"::equals).hasSize(1);
    }

    @Test
    void umociReadsAndUnpacksWhatWhittleWrote() throws Exception {
        MemoryImage image = TestImages.image("umoci", 2)
                .withLayer(TestImages.gzip(TestImages.tar(java.util.Map.of("srv/umoci/file1.txt", "replaced\n"))),
                        io.whittle.oci.MediaType.OCI_LAYER_GZIP);
        OciLayout layout = write("u", image, "v1");
        String stat = Tools.ok("umoci", "stat", "--image", layout.directory() + ":v1");
        assertThat(stat).contains("layer 1", "layer 3", "CMD [\"/bin/sh\"]");
        JsonNode statJson = Json.MAPPER.readTree(Tools.ok("umoci", "stat", "--json", "--image", layout.directory() + ":v1"));
        assertThat(statJson.path("history")).hasSize(4);

        Path bundle = tmp.resolve("bundle");
        Tools.ok("umoci", "unpack", "--rootless", "--image", layout.directory() + ":v1", bundle.toString());
        Path rootfs = bundle.resolve("rootfs");
        // the later layer wins, the other files stay
        assertThat(rootfs.resolve("srv/umoci/file1.txt")).hasContent("replaced");
        assertThat(rootfs.resolve("srv/umoci/file2.txt")).hasContent("umoci layer 2");
        assertThat(rootfs.resolve("etc/umoci-1.conf")).hasContent("layer=1");
        JsonNode runtime = Json.MAPPER.readTree(Files.readAllBytes(bundle.resolve("config.json")));
        assertThat(runtime.path("process").path("args").get(0).asText()).isEqualTo("/bin/sh");
    }

    @Test
    void umociReadsTheImageWhittleCopiedFromAnIndex() throws Exception {
        MemoryIndex index = TestImages.multiPlatform("uidx");
        OciLayout layout = OciLayout.create(tmp.resolve("uidx"));
        new ImageCopier(CopyOptions.defaults().withPlatforms(PlatformChoice.of(Platform.parse("linux/amd64"))))
                .copy(index, "latest", layout, Optional.of("amd64"));
        Path bundle = tmp.resolve("ubundle");
        Tools.ok("umoci", "unpack", "--rootless", "--image", layout.directory() + ":amd64", bundle.toString());
        assertThat(bundle.resolve("rootfs/srv/uidx-amd64/file2.txt")).hasContent("uidx-amd64 layer 2");
    }
}
