package io.whittle.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.oci.OciException;
import io.whittle.oci.Platform;
import io.whittle.oci.transfer.PlatformChoice;
import io.whittle.server.http.FieldError;
import io.whittle.server.http.Json;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The parameters of a {@code copy} job:
 * {@code {"source": {"connector": ID, "reference": REF}, "target": {"connector": ID, "reference": REF},
 * "platforms": "all" | "os/arch[/variant]"}}. References name images in their connector's registry ({@code team/app:1.0},
 * {@code team/app@sha256:…}); the target names a tag. Without {@code platforms}, a whole index is copied.
 *
 * @param platforms {@code all}, or the one platform to take from an index
 */
public record CopyParameters(Side source, Side target, String platforms) {
    static final String ALL = "all";

    /** One end of the copy: a connector of the organization and an image in its registry. */
    public record Side(String connector, String reference) {
        public Side {
            Objects.requireNonNull(connector, "connector");
            Objects.requireNonNull(reference, "reference");
        }
    }

    public CopyParameters {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(platforms, "platforms");
    }

    /** Reads the parameters' shape, adding a problem per missing or malformed field; null when any is wrong. */
    static CopyParameters read(JsonNode node, List<FieldError> problems) {
        if (node == null || !node.isObject()) {
            problems.add(new FieldError(java.util.Optional.empty(), "The parameters of a copy job are an object with"
                    + " source, target and platforms."));
            return null;
        }
        Side source = side(node.get("source"), "source", problems);
        Side target = side(node.get("target"), "target", problems);
        String platforms = ALL;
        JsonNode p = node.get("platforms");
        if (p != null && !p.isNull()) {
            if (!p.isTextual() || choice(p.asText()) == null) {
                problems.add(FieldError.of("platforms", "platforms is 'all' or one platform such as linux/amd64."));
            } else {
                platforms = normalized(p.asText());
            }
        }
        return source == null || target == null || problems.size() > 0 ? null
                : new CopyParameters(source, target, platforms);
    }

    private static Side side(JsonNode node, String name, List<FieldError> problems) {
        if (node == null || !node.isObject()) {
            problems.add(FieldError.of(name, "Give " + name + " as {\"connector\": ID, \"reference\": \"team/app:1.0\"}."));
            return null;
        }
        JsonNode c = node.get("connector");
        JsonNode r = node.get("reference");
        boolean ok = true;
        if (c == null || !c.isTextual() || c.asText().isBlank()) {
            problems.add(FieldError.of(name + ".connector", "Give the ID of the connector to " + (name.equals("source")
                    ? "read" : "write") + " with: GET /api/v1/connectors lists them."));
            ok = false;
        }
        if (r == null || !r.isTextual() || r.asText().isBlank()) {
            problems.add(FieldError.of(name + ".reference", "Name the " + name + " image, such as team/app:1.0."));
            ok = false;
        }
        return ok ? new Side(c.asText().strip(), r.asText().strip()) : null;
    }

    /** Which images of an index to take. */
    PlatformChoice choice() {
        return Objects.requireNonNull(choice(platforms));
    }

    private static PlatformChoice choice(String text) {
        if (text.strip().toLowerCase(Locale.ROOT).equals(ALL)) {
            return PlatformChoice.ALL;
        }
        try {
            return PlatformChoice.of(Platform.parse(text.strip()));
        } catch (OciException e) {
            return null;
        }
    }

    private static String normalized(String text) {
        return choice(text) instanceof PlatformChoice.One one ? one.platform().toString() : ALL;
    }

    /** The same parameters with the references given in full. */
    CopyParameters withReferences(String sourceReference, String targetReference) {
        return new CopyParameters(new Side(source.connector, sourceReference), new Side(target.connector,
                targetReference), platforms);
    }

    String toJson() {
        ObjectNode n = Json.mapper().createObjectNode();
        ObjectNode s = n.putObject("source");
        s.put("connector", source.connector);
        s.put("reference", source.reference);
        ObjectNode t = n.putObject("target");
        t.put("connector", target.connector);
        t.put("reference", target.reference);
        n.put("platforms", platforms);
        return n.toString();
    }
}
