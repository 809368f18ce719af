package io.whittle.xray.pkg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.Spool;
import io.whittle.xray.scan.SpooledConsumer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Collects a JSON file (size-limited by the scanner that opens it) and hands the parsed tree on. */
abstract class JsonConsumer extends SpooledConsumer {
    private static final ObjectMapper JSON = new ObjectMapper();

    JsonConsumer(long maxBytes) {
        super(4 * 1024 * 1024, maxBytes);
    }

    @Override
    protected final void read(Spool spool, EvidenceSink sink) throws IOException {
        JsonNode root;
        try (InputStream in = spool.open()) {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            return; // not JSON: nothing to catalog
        }
        if (root != null) {
            json(root, sink);
        }
    }

    abstract void json(JsonNode root, EvidenceSink sink);

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isValueNode() ? value.asText().strip() : "";
    }

    /**
     * Licenses in the shapes package manifests use: a string, an array of strings, an object with
     * {@code type}, or an array of such objects.
     */
    static List<String> licenses(JsonNode value) {
        List<String> out = new ArrayList<>();
        if (value == null || value.isNull()) {
            return out;
        }
        if (value.isArray()) {
            value.forEach(v -> out.addAll(licenses(v)));
        } else if (value.isTextual() && !value.asText().isBlank()) {
            out.add(value.asText().strip());
        } else if (value.isObject()) {
            out.addAll(licenses(value.get("type")));
        }
        return out;
    }
}
