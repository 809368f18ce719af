package io.whittle.cli.inspect;

import io.whittle.cli.Sizes;
import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.MediaType;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code whittle inspect} for people: aligned fields, sizes in SI units, lists one item a line. Rendered from the
 * {@code -o json} document ({@link io.whittle.oci.inspect.InspectionJson}), which a server answers too, so that the
 * text is the same whether the image was read here or by a server.
 */
public final class InspectionText {
    private InspectionText() {
    }

    /** @param document what {@code InspectionJson.of} makes of an inspection */
    public static void write(JsonNode document, PrintWriter out) {
        if (document.path("kind").asText().equals("index")) {
            index(document, out);
        } else {
            image(document, out);
        }
    }

    private static void index(JsonNode i, PrintWriter out) {
        field(out, "Reference", i.path("reference").asText());
        field(out, "Digest", i.path("digest").asText());
        field(out, "Media type", i.path("mediaType").asText());
        field(out, "Manifests", String.valueOf(i.path("manifests").size()));
        annotations(out, i.path("annotations"));
        out.println();
        out.println("PLATFORM              DIGEST                                                                   SIZE");
        for (JsonNode d : i.path("manifests")) {
            String platform = text(d, "platform")
                    .orElse(text(d, "artifactType").map(t -> "(" + t + ")").orElse("(none)"));
            out.printf("%-21s %s  %s%n", platform, d.path("digest").asText(), Sizes.human(d.path("size").asLong()));
        }
        out.println();
        out.println("Pick an image with --platform os/arch[/variant].");
    }

    private static void image(JsonNode i, PrintWriter out) {
        JsonNode c = i.path("config");
        JsonNode layers = i.path("layers");
        field(out, "Reference", i.path("reference").asText());
        text(i, "index").ifPresent(x -> field(out, "Index", x + " (" + i.path("indexManifests").asInt()
                + " manifests)"));
        field(out, "Digest", i.path("digest").asText());
        field(out, "Media type", i.path("mediaType").asText());
        field(out, "Platform", i.path("platform").asText());
        text(i, "created").ifPresent(v -> field(out, "Created", v));
        text(i, "author").ifPresent(v -> field(out, "Author", v));
        field(out, "Size", Sizes.human(i.path("totalSize").asLong()) + " in " + layers.size()
                + (layers.size() == 1 ? " layer" : " layers"));
        field(out, "Config", c.path("digest").asText() + " (" + Sizes.human(c.path("size").asLong()) + ")");
        annotations(out, i.path("annotations"));

        out.println();
        out.println("Config");
        field(out, "  Entrypoint", list(strings(c.path("entrypoint"))));
        field(out, "  Cmd", list(strings(c.path("cmd"))));
        field(out, "  User", text(c, "user").orElse("(root)"));
        text(c, "workingDir").ifPresent(v -> field(out, "  Working dir", v));
        List<String> ports = strings(c.path("exposedPorts"));
        field(out, "  Ports", ports.isEmpty() ? "(none)" : String.join(", ", ports));
        List<String> volumes = strings(c.path("volumes"));
        if (!volumes.isEmpty()) {
            field(out, "  Volumes", String.join(", ", volumes));
        }
        text(c, "stopSignal").ifPresent(v -> field(out, "  Stop signal", v));
        lines(out, "  Env", strings(c.path("env")));
        lines(out, "  Labels", pairs(c.path("labels")));

        out.println();
        out.println("Layers");
        out.println("  #   DIGEST                                                                   SIZE       TYPE");
        int n = 0;
        for (JsonNode d : layers) {
            n++;
            out.printf("  %-3d %s  %-9s  %s%n", n, d.path("digest").asText(), Sizes.human(d.path("size").asLong()),
                    shortType(d.path("mediaType").asText()));
        }

        JsonNode history = i.path("history");
        if (!history.isEmpty()) {
            out.println();
            out.println("History");
            for (JsonNode h : history) {
                String by = text(h, "createdBy").orElse(text(h, "comment").orElse("")).strip();
                out.printf("  %-20s %s%s%n", text(h, "created").map(InspectionText::date).orElse(""),
                        h.path("emptyLayer").asBoolean() ? "" : "[layer] ", by);
            }
        }
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /** {@code key=value} of an object of strings, sorted by key. */
    private static List<String> pairs(JsonNode object) {
        TreeMap<String, String> sorted = new TreeMap<>();
        object.properties().forEach(e -> sorted.put(e.getKey(), e.getValue().asText()));
        return sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    private static void field(PrintWriter out, String name, String value) {
        out.printf("%-14s %s%n", name + ":", value);
    }

    private static void lines(PrintWriter out, String name, List<String> values) {
        if (values.isEmpty()) {
            field(out, name, "(none)");
            return;
        }
        out.println(name + ":");
        values.forEach(v -> out.println("    " + v));
    }

    private static void annotations(PrintWriter out, JsonNode annotations) {
        if (!annotations.isEmpty()) {
            lines(out, "Annotations", pairs(annotations));
        }
    }

    private static String list(List<String> values) {
        return values.isEmpty() ? "(none)" : values.stream().map(InspectionText::quote)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** The date part of an RFC 3339 time, for the history column. */
    private static String date(String created) {
        int t = created.indexOf('T');
        return t > 0 ? created.substring(0, Math.min(created.length(), t + 9)).replace('T', ' ') : created;
    }

    private static String shortType(String mediaType) {
        return switch (MediaType.compressionOf(mediaType)) {
            case GZIP -> "tar+gzip";
            case ZSTD -> "tar+zstd";
            case NONE -> MediaType.isLayer(mediaType) ? "tar" : mediaType;
        };
    }
}
