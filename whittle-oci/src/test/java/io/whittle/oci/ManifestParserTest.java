package io.whittle.oci;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestParserTest {
    static final String CFG = "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7";
    static final String L1 = "sha256:a2abf6c4d29d43a4bf9fbb769f524d0fb36a2edab49819c1bf3e76f409f953ea";
    static final String L2 = "sha256:3d9b2bb4c4b4e1f1d8d3f7a39e0ff2b5c3b2a6e2f1d0c9b8a7f6e5d4c3b2a190";
    static final String M1 = "sha256:1c3e4ab5b2a8f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e";
    static final String M2 = "sha256:2d4f5bc6c3b9f2e3d4c5b6a7988a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a";
    static final String M3 = "sha256:3e5a6cd7d4cafaf4e5d6c7b8a99b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b";

    // Pretty-printed on purpose: the raw bytes, not a re-serialization, must be what is kept and hashed.
    static final String OCI_MANIFEST = """
            {
              "schemaVersion": 2,
              "mediaType": "application/vnd.oci.image.manifest.v1+json",
              "config": {
                "mediaType": "application/vnd.oci.image.config.v1+json",
                "digest": "%s",
                "size": 1472
              },
              "layers": [
                {
                  "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                  "digest": "%s",
                  "size": 3623807
                },
                {
                  "mediaType": "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
                  "digest": "%s",
                  "size": 1024,
                  "urls": ["https://example.com/layer.tar.gz"]
                }
              ],
              "annotations": {
                "org.opencontainers.image.created": "2024-01-01T00:00:00Z"
              }
            }
            """.formatted(CFG, L1, L2);

    static final String DOCKER_MANIFEST = """
            {
               "schemaVersion": 2,
               "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
               "config": {
                  "mediaType": "application/vnd.docker.container.image.v1+json",
                  "size": 1472,
                  "digest": "%s"
               },
               "layers": [
                  {
                     "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                     "size": 3623807,
                     "digest": "%s"
                  }
               ]
            }""".formatted(CFG, L1);

    static final String OCI_INDEX = """
            {
              "schemaVersion": 2,
              "mediaType": "application/vnd.oci.image.index.v1+json",
              "manifests": [
                {
                  "mediaType": "application/vnd.oci.image.manifest.v1+json",
                  "digest": "%s",
                  "size": 1234,
                  "platform": {"architecture": "amd64", "os": "linux"}
                },
                {
                  "mediaType": "application/vnd.oci.image.manifest.v1+json",
                  "digest": "%s",
                  "size": 1235,
                  "platform": {"architecture": "arm64", "os": "linux", "variant": "v8"}
                },
                {
                  "mediaType": "application/vnd.oci.image.manifest.v1+json",
                  "digest": "%s",
                  "size": 840,
                  "annotations": {
                    "vnd.docker.reference.digest": "%s",
                    "vnd.docker.reference.type": "attestation-manifest"
                  },
                  "platform": {"architecture": "unknown", "os": "unknown"}
                }
              ]
            }
            """.formatted(M1, M2, M3, M1);

    static final String DOCKER_LIST = """
            {
              "schemaVersion": 2,
              "mediaType": "application/vnd.docker.distribution.manifest.list.v2+json",
              "manifests": [
                {"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "size": 528, "digest": "%s",
                 "platform": {"architecture": "arm", "os": "linux", "variant": "v6"}},
                {"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "size": 528, "digest": "%s",
                 "platform": {"architecture": "arm", "os": "linux", "variant": "v7"}},
                {"mediaType": "application/vnd.docker.distribution.manifest.v2+json", "size": 528, "digest": "%s",
                 "platform": {"architecture": "arm64", "os": "linux"}}
              ]
            }
            """.formatted(M1, M2, M3);

    static Manifest parse(String json) {
        return Manifest.parse(json.getBytes(UTF_8), Optional.empty());
    }

    @Test
    void ociImageManifest() {
        ImageManifest m = (ImageManifest) parse(OCI_MANIFEST);
        assertThat(m.mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        assertThat(m.config().digest()).hasToString(CFG);
        assertThat(m.config().size()).isEqualTo(1472);
        assertThat(m.config().mediaType()).isEqualTo(MediaType.OCI_CONFIG);
        assertThat(m.layers()).hasSize(2);
        assertThat(m.layers().get(0).mediaType()).isEqualTo(MediaType.OCI_LAYER_GZIP);
        assertThat(m.layers().get(1).urls()).containsExactly("https://example.com/layer.tar.gz");
        assertThat(MediaType.isNonDistributable(m.layers().get(1).mediaType())).isTrue();
        assertThat(m.annotations()).containsEntry("org.opencontainers.image.created", "2024-01-01T00:00:00Z");
        assertThat(m.blobs()).extracting(Descriptor::digest).extracting(Digest::toString).containsExactly(CFG, L1, L2);
        assertThat(m.totalSize()).isEqualTo(1472 + 3623807 + 1024);
        assertThat(m.subject()).isEmpty();
    }

    @Test
    void dockerSchema2Manifest() {
        ImageManifest m = (ImageManifest) parse(DOCKER_MANIFEST);
        assertThat(m.mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
        assertThat(m.config().mediaType()).isEqualTo(MediaType.DOCKER_CONFIG);
        assertThat(m.layers()).singleElement().extracting(Descriptor::mediaType).isEqualTo(MediaType.DOCKER_LAYER_GZIP);
    }

    @Test
    void ociIndexAndDockerListAndSelection() {
        IndexManifest oci = (IndexManifest) parse(OCI_INDEX);
        assertThat(oci.mediaType()).isEqualTo(MediaType.OCI_INDEX);
        assertThat(oci.manifests()).hasSize(3);
        assertThat(oci.images()).hasSize(2);
        assertThat(oci.select(Platform.parse("linux/amd64")).digest()).hasToString(M1);
        assertThat(oci.select(Platform.parse("linux/arm64")).digest()).hasToString(M2);
        assertThat(oci.select(Platform.parse("linux/arm64/v8")).digest()).hasToString(M2);
        assertThatThrownBy(() -> oci.select(Platform.parse("linux/s390x")))
                .isInstanceOf(PlatformNotFoundException.class)
                .hasMessage("the index has no image for linux/s390x; it offers linux/amd64, linux/arm64/v8: choose one"
                        + " of those with --platform");
        // the attestation is never picked, even when asked for its odd platform
        assertThatThrownBy(() -> oci.select(Platform.of("unknown", "unknown"))).isInstanceOf(PlatformNotFoundException.class);

        IndexManifest list = (IndexManifest) parse(DOCKER_LIST);
        assertThat(list.mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST_LIST);
        assertThat(list.select(Platform.parse("linux/arm/v7")).digest()).hasToString(M2);
        assertThat(list.select(Platform.parse("linux/arm/v6")).digest()).hasToString(M1);
        // arm without a variant means v7, as containerd reads it
        assertThat(list.select(Platform.parse("linux/arm")).digest()).hasToString(M2);
        // the entry without a variant serves arm64/v8
        assertThat(list.select(Platform.parse("linux/arm64/v8")).digest()).hasToString(M3);
    }

    @Test
    void selectPrefersTheExactVariantOverAnEarlierCompatibleOne() {
        String json = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
                 {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":1,
                  "platform":{"architecture":"amd64","os":"linux","variant":"v3"}},
                 {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":1,
                  "platform":{"architecture":"amd64","os":"linux"}}]}""".formatted(M1, M2);
        IndexManifest index = (IndexManifest) parse(json);
        assertThat(index.select(Platform.parse("linux/amd64")).digest()).hasToString(M2);
        assertThat(index.select(Platform.parse("linux/amd64/v3")).digest()).hasToString(M1);
    }

    @Test
    void noRunnableImageAtAll() {
        String json = """
                {"schemaVersion":2,"manifests":[
                 {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":1}]}""".formatted(M1);
        IndexManifest index = (IndexManifest) parse(json);
        assertThatThrownBy(() -> index.select(Platform.parse("linux/amd64")))
                .hasMessageContaining("names no platform at all: copy it whole with --all-platforms");
    }

    @Test
    void rawBytesAreKeptExactlyAndHashed() {
        for (String json : new String[] {OCI_MANIFEST, DOCKER_MANIFEST, OCI_INDEX, DOCKER_LIST}) {
            byte[] bytes = json.getBytes(UTF_8);
            Manifest m = Manifest.parse(bytes, Optional.empty());
            assertThat(m.raw()).isEqualTo(bytes);
            assertThat(m.digest()).isEqualTo(Digest.sha256(bytes));
            // the record hands out copies: changing one does not change the manifest
            m.raw()[0] = 'X';
            assertThat(m.raw()).isEqualTo(bytes);
        }
        // the same content spelled differently is a different manifest
        Manifest compact = parse(OCI_MANIFEST.replace("\n", "").replace("  ", ""));
        assertThat(compact.digest()).isNotEqualTo(parse(OCI_MANIFEST).digest());
        assertThat(compact).isNotEqualTo(parse(OCI_MANIFEST));
        assertThat(parse(OCI_MANIFEST)).isEqualTo(parse(OCI_MANIFEST)).hasSameHashCodeAs(parse(OCI_MANIFEST));
    }

    @Test
    void mediaTypeAbsentComesFromContentTypeThenFromShape() {
        String manifestNoType = OCI_MANIFEST.replace("\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\",", "");
        assertThat(manifestNoType).doesNotContain(MediaType.OCI_MANIFEST);
        assertThat(parse(manifestNoType).mediaType()).isEqualTo(MediaType.OCI_MANIFEST);
        Manifest viaHeader = Manifest.parse(manifestNoType.getBytes(UTF_8),
                Optional.of(MediaType.DOCKER_MANIFEST + "; charset=utf-8"));
        assertThat(viaHeader.mediaType()).isEqualTo(MediaType.DOCKER_MANIFEST);
        // a generic header does not decide
        assertThat(Manifest.parse(manifestNoType.getBytes(UTF_8), Optional.of("application/json")).mediaType())
                .isEqualTo(MediaType.OCI_MANIFEST);

        String indexNoType = OCI_INDEX.replace("\"mediaType\": \"application/vnd.oci.image.index.v1+json\",", "");
        assertThat(parse(indexNoType)).isInstanceOf(IndexManifest.class);
        assertThat(parse(indexNoType).mediaType()).isEqualTo(MediaType.OCI_INDEX);
        // the field in the body wins over the header
        assertThat(Manifest.parse(OCI_INDEX.getBytes(UTF_8), Optional.of(MediaType.DOCKER_MANIFEST_LIST)).mediaType())
                .isEqualTo(MediaType.OCI_INDEX);
    }

    @Test
    void schema1IsRefusedWithAClearMessage() {
        String schema1 = """
                {
                   "schemaVersion": 1,
                   "name": "library/hello-world",
                   "tag": "latest",
                   "architecture": "amd64",
                   "fsLayers": [{"blobSum": "%s"}],
                   "history": [{"v1Compatibility": "{}"}],
                   "signatures": []
                }""".formatted(L1);
        String expected = "Docker schema 1 manifests are not supported: push the image again with a current Docker or"
                + " convert it with 'skopeo copy --format v2s2'";
        assertThatThrownBy(() -> parse(schema1)).isInstanceOf(UnsupportedManifestException.class).hasMessage(expected);
        assertThatThrownBy(() -> Manifest.parse("{\"schemaVersion\":2}".getBytes(UTF_8),
                Optional.of(MediaType.DOCKER_SCHEMA1_SIGNED_MANIFEST))).hasMessage(expected);
        assertThatThrownBy(() -> parse("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.DOCKER_SCHEMA1_MANIFEST + "\"}"))
                .hasMessage(expected);
    }

    @Test
    void malformedInputIsRefusedNamingTheField() {
        assertThatThrownBy(() -> parse("not json")).isInstanceOf(UnsupportedManifestException.class)
                .hasMessageStartingWith("the manifest is not valid JSON");
        assertThatThrownBy(() -> parse("[1,2]")).hasMessageStartingWith("the manifest is not a JSON object");
        assertThatThrownBy(() -> parse("{} {}")).hasMessageStartingWith("the manifest is not valid JSON");
        assertThatThrownBy(() -> parse("{\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\"}"))
                .hasMessage("the manifest has schemaVersion missing, but only schemaVersion 2 manifests can be read");
        assertThatThrownBy(() -> parse("{\"schemaVersion\":3}")).hasMessageContaining("schemaVersion 3");
        assertThatThrownBy(() -> parse("{\"schemaVersion\":\"2\"}")).hasMessageContaining("schemaVersion \"2\"");
        assertThatThrownBy(() -> parse("{\"schemaVersion\":2}"))
                .hasMessage("the JSON is neither an image manifest nor an index: it has no 'config' and no 'manifests'");
        assertThatThrownBy(() -> parse("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_MANIFEST + "\"}"))
                .hasMessageContaining("has no 'config' descriptor");
        assertThatThrownBy(() -> parse("{\"schemaVersion\":2,\"mediaType\":\"" + MediaType.OCI_INDEX + "\"}"))
                .hasMessageContaining("has no 'manifests' array");
        assertThatThrownBy(() -> parse("{\"schemaVersion\":2,\"mediaType\":\"text/plain\",\"config\":{}}"))
                .hasMessageStartingWith("the media type 'text/plain' is not an image manifest or index");
        assertThatThrownBy(() -> parse("{\"schemaVersion\":2,\"mediaType\":7}"))
                .hasMessage("the manifest's mediaType is not a string");
        assertThatThrownBy(() -> parse(OCI_MANIFEST.replace("\"size\": 1472", "\"size\": -1")))
                .hasMessage("the manifest's config is invalid: descriptor " + CFG + " has a negative size -1");
        assertThatThrownBy(() -> parse(OCI_MANIFEST.replace("\"size\": 3623807", "\"size\": \"3623807\"")))
                .hasMessageContaining("layers[0] is invalid: descriptor " + L1 + " has no valid size");
        assertThatThrownBy(() -> parse(OCI_MANIFEST.replace("\"size\": 3623807", "\"size\": 1.5")))
                .hasMessageContaining("has no valid size");
        assertThatThrownBy(() -> parse(OCI_MANIFEST.replace(L2, "sha256:abc")))
                .hasMessageContaining("layers[1] is invalid: 'sha256:abc' is not a valid digest");
        assertThatThrownBy(() -> parse(OCI_MANIFEST.replace("\"digest\": \"" + CFG + "\",", "")))
                .hasMessage("the manifest's config is invalid: a descriptor has no digest");
        assertThatThrownBy(() -> parse(OCI_INDEX.replace("\"mediaType\": \"application/vnd.oci.image.manifest.v1+json\",\n      \"digest\": \"" + M2 + "\"", "\"digest\": \"" + M2 + "\"")))
                .hasMessage("the manifest's manifests[1] is invalid: a descriptor has no mediaType");
        assertThatThrownBy(() -> parse(OCI_MANIFEST.replace("\"layers\": [", "\"layers\": {\"x\": [").replace("  ],\n  \"annotations\"", "  ]},\n  \"annotations\"")))
                .hasMessage("the image manifest's 'layers' is not an array");
    }

    @Test
    void subjectArtifactTypeAndEmbeddedData() {
        String json = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "artifactType":"application/vnd.example.sbom",
                 "config":{"mediaType":"application/vnd.oci.empty.v1+json",
                   "digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2,"data":"e30="},
                 "layers":[],
                 "subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":7}}""".formatted(M1);
        ImageManifest m = (ImageManifest) parse(json);
        assertThat(m.artifactType()).contains("application/vnd.example.sbom");
        assertThat(m.subject().orElseThrow().digest()).hasToString(M1);
        assertThat(m.config().data()).hasValueSatisfying(b -> assertThat(new String(b, UTF_8)).isEqualTo("{}"));
        assertThat(m.config().digest().matches("{}".getBytes(UTF_8))).isTrue();
        assertThat(m.layers()).isEmpty();
        assertThatThrownBy(() -> parse(json.replace("e30=", "*not base64*")))
                .hasMessageContaining("embedded data that is not valid base64");
    }

    @Test
    void descriptorsWriteBackInSpecOrder() {
        ImageManifest m = (ImageManifest) parse(OCI_MANIFEST);
        Descriptor foreign = m.layers().get(1).withAnnotations(java.util.Map.of("b", "2", "a", "1"));
        assertThat(Json.toJson(foreign).toString()).isEqualTo("{\"mediaType\":\"" + MediaType.OCI_LAYER_NONDISTRIBUTABLE_GZIP
                + "\",\"digest\":\"" + L2 + "\",\"size\":1024,\"urls\":[\"https://example.com/layer.tar.gz\"],"
                + "\"annotations\":{\"a\":\"1\",\"b\":\"2\"}}");
        assertThat(Json.descriptor(Json.toJson(foreign))).isEqualTo(foreign);
    }
}
