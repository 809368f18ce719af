package io.whittle.testkit;

import io.whittle.oci.MediaType;
import io.whittle.oci.MediaType.Compression;

/** The family of media types a test image uses consistently for its manifest, config, layers and index. */
public enum ImageFormat {
    /** OCI image spec types. */
    OCI,
    /** Docker image manifest v2 schema 2 and manifest list types. */
    DOCKER;

    /** The image manifest type. */
    public String manifestMediaType() {
        return this == OCI ? MediaType.OCI_MANIFEST : MediaType.DOCKER_MANIFEST;
    }

    /** The index (manifest list) type. */
    public String indexMediaType() {
        return this == OCI ? MediaType.OCI_INDEX : MediaType.DOCKER_MANIFEST_LIST;
    }

    /** The config blob type. */
    public String configMediaType() {
        return this == OCI ? MediaType.OCI_CONFIG : MediaType.DOCKER_CONFIG;
    }

    /**
     * The layer media type for a compression.
     *
     * @throws IllegalArgumentException for zstd in the Docker format, which has no such type
     */
    public String layerMediaType(Compression compression) {
        return switch (compression) {
            case GZIP -> this == OCI ? MediaType.OCI_LAYER_GZIP : MediaType.DOCKER_LAYER_GZIP;
            case NONE -> this == OCI ? MediaType.OCI_LAYER : MediaType.DOCKER_LAYER;
            case ZSTD -> {
                if (this == DOCKER) {
                    throw new IllegalArgumentException("the Docker v2s2 format has no zstd layer type: use OCI for"
                            + " zstd layers");
                }
                yield MediaType.OCI_LAYER_ZSTD;
            }
        };
    }
}
