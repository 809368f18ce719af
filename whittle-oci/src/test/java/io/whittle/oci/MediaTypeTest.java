package io.whittle.oci;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaTypeTest {

    @Test
    void classifiesManifestTypes() {
        assertThat(MediaType.isIndex(MediaType.OCI_INDEX)).isTrue();
        assertThat(MediaType.isIndex(MediaType.DOCKER_MANIFEST_LIST)).isTrue();
        assertThat(MediaType.isIndex(MediaType.OCI_MANIFEST)).isFalse();
        assertThat(MediaType.isImageManifest(MediaType.DOCKER_MANIFEST)).isTrue();
        assertThat(MediaType.isManifest(MediaType.OCI_CONFIG)).isFalse();
        assertThat(MediaType.isSchema1(MediaType.DOCKER_SCHEMA1_SIGNED_MANIFEST)).isTrue();
        assertThat(MediaType.MANIFEST_ACCEPT.split(", ")).containsExactlyInAnyOrderElementsOf(MediaType.MANIFEST_TYPES);
    }

    @Test
    void classifiesLayers() {
        assertThat(MediaType.isLayer(MediaType.OCI_LAYER_ZSTD)).isTrue();
        assertThat(MediaType.isLayer(MediaType.DOCKER_FOREIGN_LAYER_GZIP)).isTrue();
        assertThat(MediaType.isLayer(MediaType.OCI_CONFIG)).isFalse();
        assertThat(MediaType.isLayer(null)).isFalse();
        assertThat(MediaType.isNonDistributable(MediaType.DOCKER_FOREIGN_LAYER_GZIP)).isTrue();
        assertThat(MediaType.isNonDistributable(MediaType.OCI_LAYER_NONDISTRIBUTABLE_ZSTD)).isTrue();
        assertThat(MediaType.isNonDistributable(MediaType.OCI_LAYER_GZIP)).isFalse();
        assertThat(MediaType.compressionOf(MediaType.OCI_LAYER_GZIP)).isEqualTo(MediaType.Compression.GZIP);
        assertThat(MediaType.compressionOf(MediaType.DOCKER_LAYER_GZIP)).isEqualTo(MediaType.Compression.GZIP);
        assertThat(MediaType.compressionOf(MediaType.OCI_LAYER_ZSTD)).isEqualTo(MediaType.Compression.ZSTD);
        assertThat(MediaType.compressionOf(MediaType.DOCKER_LAYER)).isEqualTo(MediaType.Compression.NONE);
        assertThat(MediaType.compressionOf(null)).isEqualTo(MediaType.Compression.NONE);
    }
}
