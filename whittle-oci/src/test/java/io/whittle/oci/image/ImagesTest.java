package io.whittle.oci.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.oci.AccessException;
import io.whittle.oci.Descriptor;
import io.whittle.oci.DigestMismatchException;
import io.whittle.oci.Failure;
import io.whittle.oci.Image;
import io.whittle.oci.ImageIndex;
import io.whittle.oci.Platform;
import io.whittle.oci.PlatformNotFoundException;
import io.whittle.oci.layout.OciLayout;
import io.whittle.oci.transfer.CopyOptions;
import io.whittle.oci.transfer.ImageCopier;
import io.whittle.oci.transfer.PlatformChoice;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagesTest {
    @TempDir
    Path tmp;

    @Test
    void opensAnImageOrAnIndex() throws IOException {
        MemoryImage single = TestImages.image("one", 2);
        switch (Images.open(single, "latest")) {
            case ImageOrIndex.OfImage(Image image) -> {
                assertThat(image).isInstanceOf(SourceImage.class);
                assertThat(image.digest()).isEqualTo(single.digest());
                assertThat(image.config()).isEqualTo(single.config());
                assertThat(image.layers()).extracting(l -> l.diffId()).isEqualTo(single.config().diffIds());
            }
            case ImageOrIndex.OfIndex other -> throw new AssertionError("an image was expected");
        }
        MemoryIndex multi = TestImages.multiPlatform("m");
        ImageOrIndex opened = Images.open(multi, "latest");
        assertThat(opened).isInstanceOf(ImageOrIndex.OfIndex.class);
        assertThat(opened.digest()).isEqualTo(multi.digest());
        ImageIndex index = ((ImageOrIndex.OfIndex) opened).index();
        assertThat(index).isInstanceOf(SourceIndex.class);
        Image arm = opened.image(Platform.parse("linux/arm64/v8"));
        assertThat(arm.config().platform()).hasToString("linux/arm64/v8");
        assertThat(Images.image(multi, "latest", Platform.parse("linux/amd64")).digest())
                .isEqualTo(multi.manifest().manifests().getFirst().digest());
        // a single image is what it is, whatever platform is asked
        assertThat(Images.image(single, "latest", Platform.parse("linux/s390x")).digest()).isEqualTo(single.digest());
        assertThatThrownBy(() -> opened.image(Platform.parse("linux/s390x"))).isInstanceOf(PlatformNotFoundException.class);
    }

    @Test
    void resolvesThroughNestedIndexes() throws IOException {
        MemoryIndex inner = TestImages.multiPlatform("inner");
        // an outer index that lists the inner one with a platform, as some tools do
        MemoryIndex outer = MemoryIndex.empty(MemoryImage.Format.OCI).withIndex(inner);
        SourceIndex view = new SourceIndex(outer, outer.manifest());
        Descriptor child = outer.manifest().manifests().getFirst();
        ImageIndex nested = view.index(child);
        assertThat(nested.digest()).isEqualTo(inner.digest());
        assertThatThrownBy(() -> view.image(child)).isInstanceOf(AccessException.class)
                .hasMessageContaining("is an index, not an image");
        Descriptor amd64 = inner.manifest().manifests().getFirst();
        assertThatThrownBy(() -> new SourceIndex(inner, inner.manifest()).index(amd64))
                .hasMessageContaining("is an image, not an index");
        assertThatThrownBy(() -> SourceImage.open(outer, "latest")).isInstanceOf(AccessException.class)
                .hasMessageContaining("is an index of several images, not one image");
    }

    @Test
    void theConfigIsVerifiedAgainstItsDescriptor() throws IOException {
        MemoryImage image = TestImages.image("cfg", 1);
        OciLayout layout = OciLayout.create(tmp.resolve("layout"));
        new ImageCopier(CopyOptions.defaults()).copy(image, "latest", layout, Optional.of("v1"));
        Image read = SourceImage.open(layout, "v1");
        assertThat(read.rawConfig()).isEqualTo(image.rawConfig());

        // damage the config on disk, keeping its size
        Path config = layout.blobPath(image.manifest().config().digest());
        byte[] bytes = Files.readAllBytes(config);
        bytes[bytes.length - 2] ^= 1;
        Files.write(config, bytes);
        Image fresh = SourceImage.open(layout, "v1");
        assertThatThrownBy(fresh::rawConfig).isInstanceOf(DigestMismatchException.class);
        // the first, successful read was kept
        assertThat(read.rawConfig()).isEqualTo(image.rawConfig());

        Files.write(config, new byte[] {'{', '}'});
        assertThatThrownBy(SourceImage.open(layout, "v1")::rawConfig).isInstanceOfSatisfying(AccessException.class,
                e -> assertThat(e.failure()).isEqualTo(Failure.CORRUPT));
    }

    @Test
    void blobsAreReadThroughTheSource() throws IOException {
        MemoryIndex multi = TestImages.multiPlatform("b");
        OciLayout layout = OciLayout.create(tmp.resolve("multi"));
        new ImageCopier(CopyOptions.defaults().withPlatforms(PlatformChoice.ALL)).copy(multi, "x", layout, Optional.of("all"));
        Image arm = Images.image(layout, "all", Platform.parse("linux/arm64"));
        for (var layer : arm.layers()) {
            try (InputStream in = layer.open()) {
                assertThat(in.readAllBytes()).hasSize((int) layer.size());
            }
        }
        assertThat(arm.toString()).contains("oci:" + layout.directory());
    }
}
