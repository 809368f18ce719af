package io.whittle.xray.report;

import io.whittle.xray.finding.Finding;
import io.whittle.xray.pkg.Package;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An X-ray report as one self-contained HTML page: inline style and one small inline script (the package filter),
 * nothing fetched from anywhere. Every string from the image is escaped, and the page's Content-Security-Policy
 * allows only that one script (by its hash), so that even a missed escape could not run an image author's script.
 */
public final class ReportHtml {
    private ReportHtml() {
    }

    private static final String STYLE = """
            :root{--fg:#1d2330;--muted:#5b6475;--line:#dde2ea;--bg:#f6f8fb;--card:#fff;--accent:#2f6fdf;--bad:#c62828;\
            --warn:#ef6c00;--ok:#2e7d32}
            *{box-sizing:border-box}
            body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);\
            background:var(--bg)}
            main{max-width:1180px;margin:0 auto;padding:24px}
            h1{font-size:22px;margin:0 0 4px;word-break:break-all}
            h2{font-size:17px;margin:28px 0 10px}
            .sub{color:var(--muted);word-break:break-all}
            .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px;margin-top:16px}
            .card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 12px}
            .card b{display:block;font-size:19px;overflow-wrap:anywhere}
            .card b.long{font-size:14px}
            .card span{color:var(--muted);font-size:12px}
            table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line)}
            th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
            th{background:#eef1f6;font-weight:600;font-size:12px;text-transform:uppercase;color:var(--muted)}
            td.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
            td.p,td.c{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px;word-break:break-all}
            .bar{height:8px;background:#e3e8f0;border-radius:4px;min-width:120px}
            .bar i{display:block;height:8px;background:var(--accent);border-radius:4px}
            .sev{font-weight:600;font-size:12px;padding:1px 6px;border-radius:4px;color:#fff}
            .CRITICAL{background:#8e0000}.HIGH{background:var(--bad)}.MEDIUM{background:var(--warn)}
            .LOW{background:#607d8b}.INFO{background:#90a4ae}
            pre{background:#101622;color:#e6e9ef;padding:12px;border-radius:8px;overflow:auto;font-size:12px}
            input{padding:6px 8px;border:1px solid var(--line);border-radius:6px;width:320px;margin-bottom:8px}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:3px 14px;background:var(--card);\
            border:1px solid var(--line);border-radius:8px;padding:10px 12px;margin:0}
            dt{color:var(--muted)}dd{margin:0;word-break:break-all}
            footer{color:var(--muted);font-size:12px;margin-top:30px}
            """;

    private static final String SCRIPT = "document.getElementById('pkg-filter').addEventListener('input',function(e){"
            + "var q=e.target.value.toLowerCase();"
            + "document.querySelectorAll('#packages tbody tr').forEach(function(r){"
            + "r.style.display=r.textContent.toLowerCase().indexOf(q)<0?'none':'';});});";

    private static final String SCRIPT_HASH = sha256Base64(SCRIPT);

    public static void write(XrayReport r, PrintWriter out) {
        StringBuilder h = new StringBuilder(64 * 1024);
        XrayReport.ImageInfo image = r.image();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src")
                .append(" 'unsafe-inline'; script-src 'sha256-").append(SCRIPT_HASH).append("'\">\n")
                .append("<title>X-ray of ").append(esc(image.reference())).append("</title>\n<style>\n").append(STYLE)
                .append("</style>\n</head>\n<body>\n<main>\n");

        h.append("<h1>X-ray of ").append(esc(image.reference())).append("</h1>\n<div class=\"sub\">")
                .append(esc(image.digest())).append(" · ").append(esc(image.platform()));
        image.created().ifPresent(c -> h.append(" · created ").append(esc(c)));
        h.append("</div>\n");

        XrayReport.Efficiency e = r.efficiency();
        h.append("<div class=\"cards\">\n");
        card(h, ByteSize.human(r.sizes().compressed()), "compressed");
        card(h, ByteSize.human(r.sizes().uncompressed()), "uncompressed");
        card(h, String.valueOf(r.layers().size()), "layers");
        card(h, String.valueOf(r.files().count()), "files");
        card(h, ByteSize.percent(e.score()), "efficiency (dive)");
        card(h, ByteSize.human(e.wastedBytes()), "wasted (dive)");
        card(h, ByteSize.percent(e.userWastedPercent()), "user wasted (dive)");
        card(h, ByteSize.human(e.reclaimableBytes()), "reclaimable by squashing");
        card(h, ByteSize.human(e.duplicateBytes()), "in duplicate files");
        card(h, r.os().map(ReportText::osName).orElse("unknown"), "operating system");
        card(h, String.valueOf(r.packages().size()), "packages");
        card(h, String.valueOf(r.findings().size()), "findings");
        h.append("</div>\n");

        overview(h, r);
        layers(h, r);
        waste(h, r);
        findings(h, r);
        packages(h, r);
        duplicates(h, r);

        h.append("<h2>Dockerfile</h2>\n<p class=\"sub\">Reconstructed from the image's history.</p>\n<pre>")
                .append(esc(r.dockerfile())).append("</pre>\n");
        XrayReport.Analysis a = r.analysis();
        h.append("<footer>Whittle ").append(esc(a.whittleVersion())).append(" · analysed ").append(esc(a.analyzedAt()))
                .append(" in ").append(a.millis()).append(" ms · ").append(a.layersRead()).append(" layers read, ")
                .append(a.layersCached()).append(" from the cache · report ").append(esc(r.schema()))
                .append("</footer>\n</main>\n");
        if (!r.packages().isEmpty()) {
            h.append("<script>").append(SCRIPT).append("</script>\n");
        }
        h.append("</body>\n</html>\n");
        out.write(h.toString());
        out.flush();
    }

    private static void overview(StringBuilder h, XrayReport r) {
        XrayReport.ConfigInfo c = r.config();
        h.append("<h2>Configuration</h2>\n<dl>\n");
        dl(h, "User", c.user().filter(u -> !u.isBlank()).orElse("root (not set)"));
        dl(h, "Entrypoint", String.join(" ", c.entrypoint()));
        dl(h, "Cmd", String.join(" ", c.cmd()));
        c.workingDir().ifPresent(w -> dl(h, "Working dir", w));
        dl(h, "Exposed ports", String.join(", ", c.exposedPorts()));
        dl(h, "Volumes", String.join(", ", c.volumes()));
        c.healthcheck().ifPresent(x -> dl(h, "Healthcheck", String.join(" ", x)));
        c.stopSignal().ifPresent(x -> dl(h, "Stop signal", x));
        for (String env : c.env()) {
            dl(h, "Env", env);
        }
        for (Map.Entry<String, String> l : new java.util.TreeMap<>(c.labels()).entrySet()) {
            dl(h, "Label", l.getKey() + "=" + l.getValue());
        }
        dl(h, "Manifest", r.image().mediaType());
        r.image().index().ifPresent(i -> dl(h, "Index", i));
        h.append("</dl>\n");
    }

    private static void layers(StringBuilder h, XrayReport r) {
        long max = Math.max(1, r.layers().stream().mapToLong(XrayReport.LayerInfo::size).max().orElse(1));
        h.append("<h2>Layers</h2>\n<table>\n<thead><tr><th>#</th><th>Size</th><th></th><th>Compressed</th>")
                .append("<th>Added</th><th>Modified</th><th>Removed</th><th>Created by</th></tr></thead>\n<tbody>\n");
        for (XrayReport.LayerInfo l : r.layers()) {
            long permille = l.size() * 1000 / max;
            h.append("<tr><td class=\"n\">").append(l.index()).append("</td><td class=\"n\">")
                    .append(ByteSize.human(l.size())).append("</td><td><div class=\"bar\" title=\"")
                    .append(esc(l.digest())).append("\"><i style=\"width:").append(permille / 10).append('.')
                    .append(permille % 10).append("%\"></i></div></td><td class=\"n\">")
                    .append(ByteSize.human(l.compressedSize())).append("</td>");
            change(h, "+", l.added());
            change(h, "~", l.modified());
            change(h, "-", l.removed());
            h.append("<td class=\"c\">").append(esc(l.createdBy().isBlank() ? "-" : l.createdBy().strip()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void change(StringBuilder h, String sign, XrayReport.Change c) {
        h.append("<td class=\"n\">").append(sign).append(c.count()).append(" (").append(ByteSize.human(c.bytes()))
                .append(")</td>");
    }

    private static void waste(StringBuilder h, XrayReport r) {
        List<XrayReport.Inefficiency> list = r.efficiency().inefficiencies();
        h.append("<h2>Waste</h2>\n");
        if (list.isEmpty()) {
            h.append("<p>No path is in more than one layer.</p>\n");
            return;
        }
        h.append("<p class=\"sub\">Paths written by more than one layer, as dive lists them: every copy but the")
                .append(" visible one is dead weight.</p>\n<table>\n<thead><tr><th>Copies</th><th>Total size</th>")
                .append("<th>Path</th></tr></thead>\n<tbody>\n");
        for (XrayReport.Inefficiency i : list) {
            h.append("<tr><td class=\"n\">").append(i.count()).append("</td><td class=\"n\">")
                    .append(ByteSize.human(i.cumulativeSize())).append("</td><td class=\"p\">")
                    .append(esc(i.path())).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void findings(StringBuilder h, XrayReport r) {
        h.append("<h2>Findings</h2>\n");
        if (r.findings().isEmpty()) {
            h.append("<p>None.</p>\n");
            return;
        }
        h.append("<table>\n<thead><tr><th>Severity</th><th>Rule</th><th>Where</th><th>What</th></tr></thead>\n<tbody>\n");
        for (Finding f : r.findings()) {
            h.append("<tr><td><span class=\"sev ").append(f.severity().name()).append("\">")
                    .append(f.severity().name().toLowerCase(Locale.ROOT)).append("</span></td><td>").append(esc(f.id()))
                    .append("</td><td class=\"p\">").append(esc(f.path())).append("</td><td>").append(esc(f.message()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void packages(StringBuilder h, XrayReport r) {
        h.append("<h2>Packages</h2>\n");
        if (r.packages().isEmpty()) {
            h.append("<p>None found.</p>\n");
            return;
        }
        h.append("<input id=\"pkg-filter\" type=\"search\" placeholder=\"Filter packages\" aria-label=\"Filter")
                .append(" packages\">\n<table id=\"packages\">\n<thead><tr><th>Type</th><th>Name</th><th>Version</th>")
                .append("<th>Licenses</th><th>Package URL</th><th>Found in</th></tr></thead>\n<tbody>\n");
        for (Package p : r.packages()) {
            h.append("<tr><td>").append(esc(p.type())).append("</td><td>").append(esc(p.name())).append("</td><td>")
                    .append(esc(p.version())).append("</td><td>").append(esc(String.join(", ", p.licenses())))
                    .append("</td><td class=\"p\">").append(esc(p.purl())).append("</td><td class=\"p\">/")
                    .append(esc(p.location())).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void duplicates(StringBuilder h, XrayReport r) {
        if (r.duplicates().isEmpty()) {
            return;
        }
        h.append("<h2>Duplicate files</h2>\n<table>\n<thead><tr><th>Size</th><th>Extra copies</th><th>Paths</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (XrayReport.Duplicate d : r.duplicates()) {
            h.append("<tr><td class=\"n\">").append(ByteSize.human(d.size())).append("</td><td class=\"n\">")
                    .append(ByteSize.human(d.wasted())).append("</td><td class=\"p\">");
            boolean first = true;
            for (String p : d.paths()) {
                h.append(first ? "" : "<br>").append(esc(p));
                first = false;
            }
            h.append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static void card(StringBuilder h, String value, String label) {
        h.append(value.length() > 14 ? "<div class=\"card\"><b class=\"long\">" : "<div class=\"card\"><b>")
                .append(esc(value)).append("</b><span>").append(esc(label))
                .append("</span></div>\n");
    }

    private static void dl(StringBuilder h, String term, String value) {
        h.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value.isEmpty() ? "-" : value))
                .append("</dd>\n");
    }

    /** Escapes text for element content and quoted attribute values alike; drops NUL and other C0 controls. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                case '\n', '\t' -> b.append(c);
                default -> b.append(c < 0x20 || c == 0x7f ? '\uFFFD' : c);
            }
        }
        return b.toString();
    }

    private static String sha256Base64(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
