package io.whittle.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The wire JSON of the image spec, kept apart from the records: reading descriptors and platforms out
 * of JSON trees and writing them back in the field order the spec shows.
 */
public final class Json {
    private Json() {
    }

    /** One mapper for the model; thread-safe once configured. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

    static String shortReason(Exception e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    static List<String> stringList(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        }
        return out;
    }

    /** Reads a descriptor object; a missing or malformed field is an {@link OciException} naming it. */
    public static Descriptor descriptor(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new OciException("a descriptor is not a JSON object");
        }
        String mediaType = text(n, "mediaType").orElseThrow(() -> new OciException("a descriptor has no mediaType"));
        Digest digest = Digest.parse(text(n, "digest").orElseThrow(() -> new OciException("a descriptor has no digest")));
        JsonNode size = n.get("size");
        if (size == null || !size.isIntegralNumber() || !size.canConvertToLong()) {
            throw new OciException("descriptor " + digest + " has no valid size: it needs a whole number of bytes");
        }
        Optional<Platform> platform = Optional.ofNullable(n.get("platform")).filter(JsonNode::isObject).map(Json::platform);
        Optional<byte[]> data;
        try {
            data = text(n, "data").map(s -> Base64.getDecoder().decode(s));
        } catch (IllegalArgumentException e) {
            throw new OciException("descriptor " + digest + " has embedded data that is not valid base64");
        }
        return new Descriptor(mediaType, digest, size.asLong(), stringList(n.get("urls")), stringMap(n.get("annotations")),
                platform, text(n, "artifactType"), data);
    }

    public static Platform platform(JsonNode n) {
        return new Platform(text(n, "os").orElse(""), text(n, "architecture").orElse(""), text(n, "variant"),
                text(n, "os.version"), stringList(n.get("os.features")));
    }

    /** Writes a descriptor in the spec's field order. */
    public static ObjectNode toJson(Descriptor d) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("mediaType", d.mediaType());
        n.put("digest", d.digest().toString());
        n.put("size", d.size());
        if (!d.urls().isEmpty()) {
            ArrayNode urls = n.putArray("urls");
            d.urls().forEach(urls::add);
        }
        putAnnotations(n, d.annotations());
        d.data().ifPresent(b -> n.put("data", Base64.getEncoder().encodeToString(b)));
        d.platform().ifPresent(p -> n.set("platform", toJson(p)));
        d.artifactType().ifPresent(t -> n.put("artifactType", t));
        return n;
    }

    /** Adds an {@code annotations} object with the keys sorted, so the bytes are the same on every run; none when empty. */
    public static void putAnnotations(ObjectNode node, Map<String, String> annotations) {
        if (!annotations.isEmpty()) {
            ObjectNode a = node.putObject("annotations");
            new java.util.TreeMap<>(annotations).forEach(a::put);
        }
    }

    public static ObjectNode toJson(Platform p) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("architecture", p.architecture());
        n.put("os", p.os());
        p.osVersion().ifPresent(v -> n.put("os.version", v));
        if (!p.features().isEmpty()) {
            ArrayNode f = n.putArray("os.features");
            p.features().forEach(f::add);
        }
        p.variant().ifPresent(v -> n.put("variant", v));
        return n;
    }

    /** Compact bytes of a tree, as registries and skopeo write manifests. */
    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
