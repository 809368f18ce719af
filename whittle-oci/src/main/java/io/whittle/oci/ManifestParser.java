package io.whittle.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns manifest bytes into {@link ImageManifest} or {@link IndexManifest}, keeping the bytes. */
final class ManifestParser {
    private ManifestParser() {
    }

    static Manifest parse(byte[] raw, Optional<String> contentType) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(raw);
        } catch (IOException e) {
            throw new UnsupportedManifestException("the manifest is not valid JSON: " + Json.shortReason(e));
        }
        if (root == null || !root.isObject()) {
            throw new UnsupportedManifestException("the manifest is not a JSON object");
        }
        JsonNode schemaVersion = root.get("schemaVersion");
        if ((schemaVersion != null && schemaVersion.asInt() == 1) || root.has("fsLayers")
                || contentType.filter(MediaType::isSchema1).filter(t -> !t.equals("application/json")).isPresent()) {
            throw new UnsupportedManifestException("Docker schema 1 manifests are not supported: push the image again"
                    + " with a current Docker or convert it with 'skopeo copy --format v2s2'");
        }
        if (schemaVersion == null || schemaVersion.asInt() != 2) {
            throw new UnsupportedManifestException("the manifest has schemaVersion " + (schemaVersion == null ? "missing"
                    : schemaVersion.asText()) + "; only schemaVersion 2 is supported");
        }
        String mediaType = Json.text(root, "mediaType")
                .or(() -> contentType.map(ManifestParser::stripParameters).filter(MediaType::isManifest))
                .orElseGet(() -> root.has("manifests") ? MediaType.OCI_INDEX : MediaType.OCI_MANIFEST);
        Optional<Descriptor> subject = Optional.ofNullable(root.get("subject")).map(Json::descriptor);
        Optional<String> artifactType = Json.text(root, "artifactType");
        var annotations = Json.stringMap(root.get("annotations"));
        if (MediaType.isIndex(mediaType)) {
            List<Descriptor> manifests = new ArrayList<>();
            JsonNode list = root.get("manifests");
            if (list == null || !list.isArray()) {
                throw new UnsupportedManifestException("the index has no 'manifests' array");
            }
            for (JsonNode n : list) {
                manifests.add(Json.descriptor(n));
            }
            return new IndexManifest(mediaType, manifests, subject, artifactType, annotations, raw);
        }
        if (MediaType.isImageManifest(mediaType)) {
            JsonNode config = root.get("config");
            if (config == null || !config.isObject()) {
                throw new UnsupportedManifestException("the image manifest has no 'config' descriptor");
            }
            List<Descriptor> layers = new ArrayList<>();
            JsonNode list = root.get("layers");
            if (list != null) {
                if (!list.isArray()) {
                    throw new UnsupportedManifestException("the image manifest's 'layers' is not an array");
                }
                for (JsonNode n : list) {
                    layers.add(Json.descriptor(n));
                }
            }
            return new ImageManifest(mediaType, Json.descriptor(config), layers, subject, artifactType, annotations,
                    raw);
        }
        throw new UnsupportedManifestException("the manifest media type '" + mediaType + "' is not an image manifest"
                + " or index");
    }

    static String stripParameters(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    }
}
