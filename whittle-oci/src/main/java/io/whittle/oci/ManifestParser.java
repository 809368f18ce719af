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
            root = JsonTree.parse(raw);
        } catch (IOException e) {
            throw new UnsupportedManifestException("the manifest is not valid JSON (" + e.getMessage()
                    + "): check that the reference names a manifest");
        }
        if (root == null || !root.isObject()) {
            throw new UnsupportedManifestException("the manifest is not a JSON object: check that the reference"
                    + " names a manifest");
        }
        JsonNode schemaVersion = root.get("schemaVersion");
        Optional<String> headerType = contentType.map(ManifestParser::stripParameters);
        if ((schemaVersion != null && schemaVersion.isIntegralNumber() && schemaVersion.asInt() == 1)
                || root.has("fsLayers") || root.has("signatures")
                || headerType.filter(MediaType::isSchema1).filter(t -> !t.equals("application/json")).isPresent()) {
            throw new UnsupportedManifestException("Docker schema 1 manifests are not supported: push the image again"
                    + " with a current Docker or convert it with 'skopeo copy --format v2s2'");
        }
        if (schemaVersion == null || !schemaVersion.isIntegralNumber() || schemaVersion.asInt() != 2) {
            throw new UnsupportedManifestException("the manifest has schemaVersion " + (schemaVersion == null
                    ? "missing" : schemaVersion.toString()) + ", but only schemaVersion 2 manifests can be read");
        }
        JsonNode mediaTypeNode = root.get("mediaType");
        if (mediaTypeNode != null && !mediaTypeNode.isTextual()) {
            throw new UnsupportedManifestException("the manifest's mediaType is not a string");
        }
        // The spec lets mediaType be absent; then the registry's Content-Type, then the shape, decides.
        String mediaType = JsonTree.text(root, "mediaType")
                .or(() -> headerType.filter(MediaType::isManifest))
                .orElseGet(() -> root.has("manifests") ? MediaType.OCI_INDEX : MediaType.OCI_MANIFEST);
        Optional<Descriptor> subject = Optional.ofNullable(root.get("subject"))
                .map(n -> descriptor(n, "subject"));
        Optional<String> artifactType = JsonTree.text(root, "artifactType");
        var annotations = JsonTree.stringMap(root.get("annotations"));
        if (MediaType.isIndex(mediaType)) {
            JsonNode list = root.get("manifests");
            if (list == null || !list.isArray()) {
                throw new UnsupportedManifestException("the index (" + mediaType + ") has no 'manifests' array");
            }
            List<Descriptor> manifests = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                manifests.add(descriptor(list.get(i), "manifests[" + i + "]"));
            }
            return new IndexManifest(mediaType, manifests, subject, artifactType, annotations, raw);
        }
        if (MediaType.isImageManifest(mediaType)) {
            JsonNode config = root.get("config");
            if (config == null || !config.isObject()) {
                throw new UnsupportedManifestException(root.has("mediaType")
                        ? "the image manifest (" + mediaType + ") has no 'config' descriptor"
                        : "the JSON is neither an image manifest nor an index: it has no 'config' and no 'manifests'");
            }
            List<Descriptor> layers = new ArrayList<>();
            JsonNode list = root.get("layers");
            if (list != null && !list.isNull()) {
                if (!list.isArray()) {
                    throw new UnsupportedManifestException("the image manifest's 'layers' is not an array");
                }
                for (int i = 0; i < list.size(); i++) {
                    layers.add(descriptor(list.get(i), "layers[" + i + "]"));
                }
            }
            return new ImageManifest(mediaType, descriptor(config, "config"), layers, subject, artifactType,
                    annotations, raw);
        }
        if (MediaType.isSchema1(mediaType)) {
            throw new UnsupportedManifestException("Docker schema 1 manifests are not supported: push the image again"
                    + " with a current Docker or convert it with 'skopeo copy --format v2s2'");
        }
        throw new UnsupportedManifestException("the media type '" + mediaType + "' is not an image manifest or index"
                + " that Whittle reads (OCI manifest or index, Docker schema 2 manifest or manifest list)");
    }

    /** Reads one descriptor, naming where it sits when it is malformed. */
    private static Descriptor descriptor(JsonNode node, String where) {
        try {
            return JsonTree.descriptor(node);
        } catch (OciException e) {
            throw new UnsupportedManifestException("the manifest's " + where + " is invalid: " + e.getMessage());
        }
    }

    static String stripParameters(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    }
}
