package io.whittle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.Digest;
import io.whittle.oci.MediaType.Compression;
import io.whittle.oci.Platform;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Factory images as the real peers see them: skopeo reads them from registries and layouts, umoci unpacks them. */
class PeerCrossCheckTest {

    @RegisterExtension
    static final RegistryExtension OPEN = RegistryExtension.noAuth();

    @RegisterExtension
    static final RegistryExtension BASIC = RegistryExtension.basic("alice", "secret");

    @RegisterExtension
    static final RegistryExtension TOKEN = RegistryExtension.token("bob", "hunter2");

    @TempDir
    static Path temp;

    static ImageFactory factory;
    static final Skopeo SKOPEO = Skopeo.create();
    static final Umoci UMOCI = Umoci.create();

    @BeforeAll
    static void factory() {
        factory = new ImageFactory(temp.resolve("store"));
    }

    static TestImage rich(ImageFormat format, Compression compression) {
        return factory.image(ImageSpec.builder(format)
                .env("PATH=/bin").cmd("/bin/app").user("1000")
                .layer(LayerSpec.builder().compression(compression)
                        .dir("app").file("app/hello", "hello\n").file("app/run", "#!/bin/sh\n", 0755)
                        .symlink("app/link", "hello").hardLink("app/again", "app/hello")
                        .dir("gone").file("gone/x", "x").dir("cache").file("cache/old", "old"))
                .layer(LayerSpec.builder().compression(compression)
                        .whiteout("gone").opaque("cache").file("cache/new", "new"))
                .build());
    }

    @Test
    void skopeoReadsPushedImagesByteForByteInEveryMode() {
        TestImage image = rich(ImageFormat.OCI, Compression.GZIP);
        for (RegistryExtension r : new RegistryExtension[] {OPEN, BASIC, TOKEN}) {
            Digest pushed = image.push(r.url(), "team/app", "v1", r.credentials());
            assertThat(pushed).isEqualTo(image.digest());
            byte[] raw = SKOPEO.inspectRaw(Skopeo.docker(r.hostPort(), "team/app", "v1"), r.credentials());
            assertThat(raw).as("manifest in %s mode", r.mode()).isEqualTo(image.manifestBytes());
            JsonNode inspected = SKOPEO.inspect(Skopeo.docker(r.hostPort(), "team/app", "v1"), r.credentials());
            assertThat(inspected.path("Digest").asText()).isEqualTo(image.digest().toString());
            assertThat(inspected.path("Layers")).hasSize(2);
        }
        assertThatThrownBy(() -> SKOPEO.inspectRaw(Skopeo.docker(BASIC.hostPort(), "team/app", "v1")))
                .isInstanceOf(ToolException.class)
                .satisfies(e -> assertThat(((ToolException) e).stderr()).isNotBlank());
    }

    @Test
    void dockerAndZstdImagesAndIndexesSurviveASkopeoCopyWithDigestsPreserved() {
        TestImage docker = rich(ImageFormat.DOCKER, Compression.GZIP);
        docker.push(OPEN.url(), "docker/app", "v2s2");
        assertThat(SKOPEO.inspectRaw(Skopeo.docker(OPEN.hostPort(), "docker/app", "v2s2")))
                .isEqualTo(docker.manifestBytes());

        TestImage zstd = rich(ImageFormat.OCI, Compression.ZSTD);
        zstd.push(OPEN.url(), "zstd/app", "v1");
        assertThat(SKOPEO.digest(Skopeo.docker(OPEN.hostPort(), "zstd/app", "v1"), Optional.empty()))
                .isEqualTo(zstd.digest());

        TestIndex index = factory.multiPlatform(ImageFormat.OCI, "multi", Platform.of("linux", "amd64"),
                Platform.of("linux", "arm64", "v8"));
        index.push(OPEN.url(), "multi/app", "latest");
        SKOPEO.copy(Skopeo.docker(OPEN.hostPort(), "multi/app", "latest"),
                Skopeo.docker(BASIC.hostPort(), "copied/app", "latest"),
                Skopeo.CopyOptions.defaults().withAll().withPreserveDigests()
                        .withDestinationCredentials(BASIC.credentials()));
        assertThat(SKOPEO.inspectRaw(Skopeo.docker(BASIC.hostPort(), "copied/app", "latest"), BASIC.credentials()))
                .isEqualTo(index.indexBytes());
        assertThat(SKOPEO.inspectRaw(Skopeo.docker(BASIC.hostPort(), "copied/app",
                index.images().get(1).digest().toString()), BASIC.credentials()))
                .isEqualTo(index.images().get(1).manifestBytes());
    }

    @Test
    void skopeoReadsLayoutsAndUmociUnpacksThem() throws Exception {
        Path layout = temp.resolve("layout");
        TestImage image = rich(ImageFormat.OCI, Compression.GZIP);
        image.writeLayout(layout, "v1");
        assertThat(SKOPEO.inspectRaw(Skopeo.oci(layout, "v1"))).isEqualTo(image.manifestBytes());
        assertThat(UMOCI.tags(layout)).containsExactly("v1");
        JsonNode stat = UMOCI.stat(layout, "v1");
        assertThat(stat.path("history")).hasSize(2);

        Path rootfs = UMOCI.unpack(layout, "v1", temp.resolve("bundle"));
        assertThat(rootfs.resolve("app/hello")).hasContent("hello");
        assertThat(Files.getPosixFilePermissions(rootfs.resolve("app/run")))
                .isEqualTo(PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(Files.isSymbolicLink(rootfs.resolve("app/link"))).isTrue();
        assertThat(Files.readSymbolicLink(rootfs.resolve("app/link"))).isEqualTo(Path.of("hello"));
        assertThat(Files.isSameFile(rootfs.resolve("app/again"), rootfs.resolve("app/hello"))).isTrue();
        assertThat(Files.exists(rootfs.resolve("gone"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(rootfs.resolve("cache/new")).hasContent("new");
        assertThat(Files.exists(rootfs.resolve("cache/old"))).isFalse();

        TestIndex index = factory.multiPlatform(ImageFormat.OCI, "layout", Platform.of("linux", "amd64"),
                Platform.of("linux", "arm64", "v8"));
        index.writeLayout(layout, "multi");
        assertThat(SKOPEO.inspectRaw(Skopeo.oci(layout, "multi"))).isEqualTo(index.indexBytes());
        assertThat(UMOCI.tags(layout)).containsExactlyInAnyOrder("v1", "multi");
    }
}
