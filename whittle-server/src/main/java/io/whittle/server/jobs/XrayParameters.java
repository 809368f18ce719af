package io.whittle.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.oci.OciException;
import io.whittle.oci.Platform;
import io.whittle.server.http.FieldError;
import io.whittle.server.http.Json;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The parameters of an {@code xray} job: {@code {"connector": ID, "reference": REF, "platform": "os/arch[/variant]"}}.
 * The reference names an image in the connector's registry ({@code team/app:1.0}, {@code team/app@sha256:…});
 * {@code platform} picks the image of an index (without it, {@value #DEFAULT_PLATFORM}).
 */
public record XrayParameters(String connector, String reference, Optional<String> platform) {
    /** The image an index gives when no platform is asked for: what most servers run. */
    public static final String DEFAULT_PLATFORM = "linux/amd64";

    public XrayParameters {
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(platform, "platform");
    }

    /** The parameters in {@code json}, or null with what is wrong added to {@code problems}. */
    static XrayParameters read(JsonNode json, List<FieldError> problems) {
        if (json == null || !json.isObject()) {
            problems.add(new FieldError(Optional.empty(), "The parameters must be an object: {\"connector\": ID,"
                    + " \"reference\": \"team/app:1.0\"}."));
            return null;
        }
        String connector = text(json, "connector", "Name the connector whose registry holds the image.", problems);
        String reference = text(json, "reference", "Name the image, e.g. team/app:1.0.", problems);
        Optional<String> platform = Optional.empty();
        JsonNode p = json.get("platform");
        if (p != null && !p.isNull()) {
            if (!p.isTextual() || p.asText().isBlank()) {
                problems.add(FieldError.of("platform", "The platform is os/arch[/variant], e.g. linux/arm64."));
            } else {
                try {
                    platform = Optional.of(Platform.parse(p.asText().strip()).toString());
                } catch (OciException e) {
                    String m = e.getMessage().strip();
                    problems.add(FieldError.of("platform", m.endsWith(".") ? m : m + "."));
                }
            }
        }
        return connector == null || reference == null || problems.size() > 0 ? null
                : new XrayParameters(connector, reference, platform);
    }

    private static String text(JsonNode json, String field, String hint, List<FieldError> problems) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull() || !n.isTextual() || n.asText().isBlank()) {
            problems.add(FieldError.of(field, "'" + field + "' is required: " + hint));
            return null;
        }
        return n.asText().strip();
    }

    /** The platform to X-ray. */
    Platform chosenPlatform() {
        return Platform.parse(platform.orElse(DEFAULT_PLATFORM));
    }

    XrayParameters withReference(String full) {
        return new XrayParameters(connector, full, platform);
    }

    String toJson() {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("connector", connector);
        n.put("reference", reference);
        platform.ifPresentOrElse(p -> n.put("platform", p), () -> n.putNull("platform"));
        return n.toString();
    }
}
