package io.whittle.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.JsonTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the {@code {"errors":[{"code":…,"message":…}]}} body of a registry's error answer. */
final class ErrorBody {
    static final int MAX = (int) Sizes.MIB;

    private ErrorBody() {
    }

    static List<RegistryException.Detail> parse(byte[] body) {
        List<RegistryException.Detail> out = new ArrayList<>();
        if (body.length == 0) {
            return out;
        }
        JsonNode root;
        try {
            root = JsonTree.parse(body);
        } catch (IOException e) {
            return out; // an HTML page or plain text: the status says enough
        }
        JsonNode errors = root == null ? null : root.get("errors");
        if (errors == null || !errors.isArray()) {
            return out;
        }
        for (JsonNode e : errors) {
            JsonNode code = e.get("code");
            if (code == null || !code.isTextual() || code.asText().isBlank()) {
                continue;
            }
            JsonNode message = e.get("message");
            out.add(new RegistryException.Detail(code.asText().strip(),
                    message == null || message.isNull() ? "" : message.asText()));
            if (out.size() >= 20) {
                break;
            }
        }
        return out;
    }
}
