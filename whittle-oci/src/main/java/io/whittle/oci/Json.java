package io.whittle.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shared mapper, for printing documents ({@code -o json}) and writing manifests of in-memory images. Reading
 * JSON, and the spec's descriptors and platforms in and out of trees, go through {@link JsonTree}, which needs no
 * mapper: commands that use only those never build one (the methods here that delegate to it are kept for callers
 * that already hold this class).
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
        return JsonTree.text(node, field);
    }

    static Map<String, String> stringMap(JsonNode node) {
        return JsonTree.stringMap(node);
    }

    static List<String> stringList(JsonNode node) {
        return JsonTree.stringList(node);
    }

    /** {@link JsonTree#descriptor}. */
    public static Descriptor descriptor(JsonNode n) {
        return JsonTree.descriptor(n);
    }

    /** {@link JsonTree#platform}. */
    public static Platform platform(JsonNode n) {
        return JsonTree.platform(n);
    }

    /** {@link JsonTree#toJson(Descriptor)}. */
    public static ObjectNode toJson(Descriptor d) {
        return JsonTree.toJson(d);
    }

    /** {@link JsonTree#putAnnotations}. */
    public static void putAnnotations(ObjectNode node, Map<String, String> annotations) {
        JsonTree.putAnnotations(node, annotations);
    }

    /** {@link JsonTree#toJson(Platform)}. */
    public static ObjectNode toJson(Platform p) {
        return JsonTree.toJson(p);
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
