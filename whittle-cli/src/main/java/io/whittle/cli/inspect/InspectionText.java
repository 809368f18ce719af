package io.whittle.cli.inspect;

import io.whittle.cli.Sizes;
import io.whittle.oci.Descriptor;
import io.whittle.oci.ImageConfig;
import io.whittle.oci.ImageManifest;
import io.whittle.oci.IndexManifest;
import io.whittle.oci.MediaType;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** {@code whittle inspect} for people: aligned fields, sizes in SI units, lists one item a line. */
public final class InspectionText {
    private InspectionText() {
    }

    public static void write(Inspection inspection, PrintWriter out) {
        // instanceof, not a pattern switch: that would generate a class at run time, a cold-start cost.
        if (inspection instanceof Inspection.OfImage i) {
            image(i, out);
        } else {
            index((Inspection.OfIndex) inspection, out);
        }
    }

    private static void index(Inspection.OfIndex i, PrintWriter out) {
        IndexManifest index = i.index();
        field(out, "Reference", i.reference());
        field(out, "Digest", index.digest().toString());
        field(out, "Media type", index.mediaType());
        field(out, "Manifests", String.valueOf(index.manifests().size()));
        annotations(out, index.annotations());
        out.println();
        out.println("PLATFORM              DIGEST                                                                   SIZE");
        for (Descriptor d : index.manifests()) {
            String platform = d.platform().map(Object::toString)
                    .orElse(d.artifactType().map(t -> "(" + t + ")").orElse("(none)"));
            out.printf("%-21s %s  %s%n", platform, d.digest(), Sizes.human(d.size()));
        }
        out.println();
        out.println("Pick an image with --platform os/arch[/variant].");
    }

    private static void image(Inspection.OfImage i, PrintWriter out) {
        ImageManifest m = i.manifest();
        ImageConfig c = i.config();
        ImageConfig.RunConfig run = c.config();
        field(out, "Reference", i.reference());
        i.index().ifPresent(x -> field(out, "Index", x.digest() + " (" + x.manifests().size() + " manifests)"));
        field(out, "Digest", m.digest().toString());
        field(out, "Media type", m.mediaType());
        field(out, "Platform", c.platform().toString());
        c.created().ifPresent(v -> field(out, "Created", v));
        c.author().ifPresent(v -> field(out, "Author", v));
        field(out, "Size", Sizes.human(m.totalSize()) + " in " + m.layers().size()
                + (m.layers().size() == 1 ? " layer" : " layers"));
        field(out, "Config", m.config().digest() + " (" + Sizes.human(m.config().size()) + ")");
        annotations(out, m.annotations());

        out.println();
        out.println("Config");
        field(out, "  Entrypoint", list(run.entrypoint()));
        field(out, "  Cmd", list(run.cmd()));
        field(out, "  User", run.user().orElse("(root)"));
        run.workingDir().ifPresent(v -> field(out, "  Working dir", v));
        field(out, "  Ports", run.exposedPorts().isEmpty() ? "(none)" : String.join(", ", run.exposedPorts()));
        if (!run.volumes().isEmpty()) {
            field(out, "  Volumes", String.join(", ", run.volumes()));
        }
        run.stopSignal().ifPresent(v -> field(out, "  Stop signal", v));
        lines(out, "  Env", run.env());
        lines(out, "  Labels", new TreeMap<>(run.labels()).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).toList());

        out.println();
        out.println("Layers");
        out.println("  #   DIGEST                                                                   SIZE       TYPE");
        List<Descriptor> layers = m.layers();
        for (int n = 0; n < layers.size(); n++) {
            Descriptor d = layers.get(n);
            out.printf("  %-3d %s  %-9s  %s%n", n + 1, d.digest(), Sizes.human(d.size()), shortType(d.mediaType()));
        }

        if (!c.history().isEmpty()) {
            out.println();
            out.println("History");
            for (ImageConfig.History h : c.history()) {
                String by = h.createdBy().orElse(h.comment().orElse("")).strip();
                out.printf("  %-20s %s%s%n", h.created().map(InspectionText::date).orElse(""),
                        h.emptyLayer() ? "" : "[layer] ", by);
            }
        }
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

    private static void annotations(PrintWriter out, Map<String, String> annotations) {
        if (!annotations.isEmpty()) {
            lines(out, "Annotations", new TreeMap<>(annotations).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).toList());
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
