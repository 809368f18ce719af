package io.whittle.oci.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.oci.AccessException;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Image;
import io.whittle.oci.IndexManifest;
import io.whittle.oci.MediaType;
import io.whittle.oci.Platform;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class MemoryIndexTest {

    @Test
    void listsImagesWithTheirPlatformsAndAttestations() throws IOException {
        MemoryIndex index = TestImages.multiPlatform("idx");
        IndexManifest m = index.manifest();
        assertThat(m.mediaType()).isEqualTo(MediaType.OCI_INDEX);
        assertThat(m.manifests()).hasSize(3);
        assertThat(m.images()).extracting(d -> d.platform().orElseThrow().toString())
                .containsExactly("linux/amd64", "linux/arm64/v8");
        Descriptor attestation = m.manifests().get(2);
        assertThat(attestation.annotations()).containsEntry("vnd.docker.reference.type", "attestation-manifest");
        Image arm = index.image(Platform.parse("linux/arm64"));
        assertThat(arm.config().platform()).hasToString("linux/arm64/v8");
    }

    @Test
    void nestsIndexesAndServesEveryDescendant() throws IOException {
        MemoryIndex inner = TestImages.multiPlatform("inner");
        MemoryImage s390 = TestImages.image(MemoryImage.Format.OCI, Platform.parse("linux/s390x"), "s390", 1);
        MemoryIndex outer = MemoryIndex.empty(MemoryImage.Format.OCI).withIndex(inner).withImage(s390);
        assertThat(outer.manifest().manifests().getFirst().mediaType()).isEqualTo(MediaType.OCI_INDEX);
        assertThat(outer.index(outer.manifest().manifests().getFirst())).isEqualTo(inner);
        Descriptor innerArm = inner.manifest().manifests().get(1);
        assertThat(outer.manifest(innerArm.digest().toString()).digest()).isEqualTo(innerArm.digest());
        Image arm = outer.index(inner.descriptor()).image(innerArm);
        Descriptor layer = arm.manifest().layers().getFirst();
        try (InputStream in = outer.openBlob(layer)) {
            assertThat(in.readAllBytes()).hasSize((int) layer.size());
        }
        assertThat(outer.manifest("latest")).isEqualTo(outer.manifest());
        assertThatThrownBy(() -> outer.image(inner.descriptor())).isInstanceOf(AccessException.class);
    }

    @Test
    void dockerManifestList() {
        MemoryImage a = TestImages.image(MemoryImage.Format.DOCKER, Platform.parse("linux/amd64"), "a", 1);
        MemoryIndex list = MemoryIndex.empty(MemoryImage.Format.DOCKER).withImage(a);
        assertThat(list.manifest().mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST_LIST);
        assertThat(list.manifest().manifests().getFirst().mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
    }
}
