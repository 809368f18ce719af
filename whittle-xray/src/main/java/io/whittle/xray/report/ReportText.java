package io.whittle.xray.report;

import io.whittle.xray.finding.Finding;
import io.whittle.xray.finding.Severity;
import io.whittle.xray.pkg.OsRelease;
import io.whittle.xray.pkg.Package;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The summary {@code whittle xray} prints for people: the image, sizes, dive's efficiency figures and Whittle's,
 * the top waste, the layers, the OS and packages, findings and duplicate files. Strings from the image (paths,
 * instructions, labels) have their control characters replaced, so that a hostile image cannot drive the terminal.
 */
public final class ReportText {
    private ReportText() {
    }

    /** Rows of the waste, findings and duplicates tables. */
    static final int TOP = 10;
    private static final int CREATED_BY_WIDTH = 70;

    public static void write(XrayReport r, PrintWriter out) {
        XrayReport.ImageInfo image = r.image();
        out.println("X-ray of " + clean(image.reference()));
        row(out, "Digest", image.digest());
        image.index().ifPresent(i -> row(out, "Index", i));
        row(out, "Platform", image.platform());
        image.created().ifPresent(c -> row(out, "Created", clean(c)));
        row(out, "OS", r.os().map(ReportText::osName).orElse("unknown"));
        row(out, "User", r.config().user().filter(u -> !u.isBlank()).map(ReportText::clean).orElse("root (not set)"));
        row(out, "Size", ByteSize.human(r.sizes().compressed()) + " compressed, "
                + ByteSize.human(r.sizes().uncompressed()) + " uncompressed, " + r.layers().size()
                + (r.layers().size() == 1 ? " layer" : " layers"));
        row(out, "Files", r.files().count() + " files (" + ByteSize.human(r.files().bytes()) + "), "
                + r.files().directories() + " directories, " + r.files().symlinks() + " symlinks");

        XrayReport.Efficiency e = r.efficiency();
        out.println();
        out.println("Efficiency");
        row(out, "Score", ByteSize.percent(e.score()) + "  (dive's efficiency)");
        row(out, "Wasted", ByteSize.human(e.wastedBytes()) + "  (dive's wasted bytes)");
        row(out, "User wasted", ByteSize.percent(e.userWastedPercent()) + "  (of the bytes above the first layer)");
        row(out, "Reclaimable", ByteSize.human(e.reclaimableBytes()) + "  (what squashing the layers would save)");
        row(out, "Duplicates", ByteSize.human(e.duplicateBytes()) + " in " + plural(r.duplicates().size(),
                "set") + " of identical files");

        if (!e.inefficiencies().isEmpty()) {
            out.println();
            out.println("Top waste");
            Table t = new Table("COUNT", "TOTAL SPACE", "PATH");
            e.inefficiencies().stream().limit(TOP).forEach(i -> t.row(String.valueOf(i.count()),
                    ByteSize.human(i.cumulativeSize()), clean(i.path())));
            t.print(out);
            more(out, e.inefficiencies().size());
        }

        out.println();
        out.println("Layers");
        Table layers = new Table("#", "SIZE", "ADDED", "MODIFIED", "REMOVED", "CREATED BY");
        for (XrayReport.LayerInfo l : r.layers()) {
            layers.row(String.valueOf(l.index()), ByteSize.human(l.size()), "+" + l.added().count(),
                    "~" + l.modified().count(), "-" + l.removed().count(),
                    truncate(clean(l.createdBy().isBlank() ? "-" : l.createdBy().strip()), CREATED_BY_WIDTH));
        }
        layers.print(out);

        out.println();
        out.println("Packages: " + r.packages().size() + byType(r.packages()));

        out.println();
        out.println("Findings: " + r.findings().size() + bySeverity(r.findings()));
        if (!r.findings().isEmpty()) {
            Table f = new Table("SEVERITY", "ID", "WHERE", "WHAT");
            r.findings().stream().limit(TOP).forEach(x -> f.row(x.severity().name(), clean(x.id()),
                    truncate(clean(x.path()), 50), clean(x.message())));
            f.print(out);
            more(out, r.findings().size());
        }

        if (!r.duplicates().isEmpty()) {
            out.println();
            out.println("Duplicate files: " + plural(r.duplicates().size(), "set") + ", " + ByteSize.human(
                    r.duplicates().stream().mapToLong(XrayReport.Duplicate::wasted).sum()) + " in extra copies");
            Table d = new Table("COPIES", "SIZE", "EXTRA", "PATHS");
            r.duplicates().stream().limit(TOP).forEach(x -> d.row(String.valueOf(x.paths().size()),
                    ByteSize.human(x.size()), ByteSize.human(x.wasted()), truncate(clean(String.join(", ",
                            x.paths())), 80)));
            d.print(out);
            more(out, r.duplicates().size());
        }
        out.flush();
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static void more(PrintWriter out, int total) {
        if (total > TOP) {
            out.println("  … " + (total - TOP) + " more (see -o json or -o html)");
        }
    }

    private static void row(PrintWriter out, String label, String value) {
        out.println("  " + pad(label, 13) + value);
    }

    static String osName(OsRelease os) {
        return clean(os.prettyName().orElseGet(() -> os.id() + os.versionId().map(v -> " " + v).orElse("")));
    }

    private static String byType(List<Package> packages) {
        if (packages.isEmpty()) {
            return "";
        }
        Map<String, Integer> counts = new TreeMap<>();
        packages.forEach(p -> counts.merge(p.type(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((type, n) -> parts.add(clean(type) + " " + n));
        return " (" + String.join(", ", parts) + ")";
    }

    private static String bySeverity(List<Finding> findings) {
        if (findings.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        Severity[] all = Severity.values();
        for (int i = all.length - 1; i >= 0; i--) {
            Severity s = all[i];
            long n = findings.stream().filter(f -> f.severity() == s).count();
            if (n > 0) {
                parts.add(n + " " + s.name().toLowerCase(Locale.ROOT));
            }
        }
        return " (" + String.join(", ", parts) + ")";
    }

    /** Control characters (C0, DEL, C1) become {@code ?}: file names and labels are the image author's. */
    static String clean(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f && c <= 0x9f) {
                if (b == null) {
                    b = new StringBuilder(s.length()).append(s, 0, i);
                }
                b.append('?');
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    static String truncate(String s, int width) {
        return s.codePointCount(0, s.length()) <= width ? s
                : s.substring(0, s.offsetByCodePoints(0, width - 1)) + "…";
    }

    private static String pad(String s, int width) {
        int n = s.codePointCount(0, s.length());
        return n >= width ? s + " " : s + " ".repeat(width - n);
    }

    /** Columns padded to their widest cell, the last one left ragged. */
    private static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            rows.add(header);
        }

        void row(String... cells) {
            rows.add(cells);
        }

        void print(PrintWriter out) {
            int columns = rows.getFirst().length;
            int[] widths = new int[columns];
            for (String[] r : rows) {
                for (int i = 0; i < columns - 1; i++) {
                    widths[i] = Math.max(widths[i], r[i].codePointCount(0, r[i].length()));
                }
            }
            for (String[] r : rows) {
                StringBuilder line = new StringBuilder("  ");
                for (int i = 0; i < columns - 1; i++) {
                    line.append(pad(r[i], widths[i] + 2));
                }
                line.append(r[columns - 1]);
                out.println(line.toString().stripTrailing());
            }
        }
    }
}
