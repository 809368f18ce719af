package io.whittle.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.whittle.platform.connector.Page;
import io.whittle.platform.connector.PageRequest;
import io.whittle.platform.job.Job;
import io.whittle.platform.job.JobId;
import io.whittle.platform.job.JobService;
import io.whittle.platform.job.JobState;
import io.whittle.platform.report.XrayReportId;
import io.whittle.platform.report.XrayReportSummary;
import io.whittle.server.api.xray.FileListing;
import io.whittle.server.api.xray.XrayReports;
import io.whittle.server.http.ApiProblem;
import io.whittle.server.http.Json;
import io.whittle.server.jobs.XrayJob;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * X-ray in the web UI: the image page's X-ray button queues the job and leads to a page that follows it (htmx polls
 * a small status partial; without scripts a Refresh link does the same), which leads on to the report: overview,
 * layers with size bars, the size treemap, a file explorer by layer (with the change of each path, a filter, a
 * search, and a preview of small text files fetched when asked), packages, findings, the Dockerfile, and the
 * downloads (HTML report, CycloneDX and SPDX SBOMs, JSON) that the API serves. Past reports are listed at
 * {@code /xray}.
 */
public final class XrayPages {
    private static final int LIST_PAGE = 50;

    /** A row of the report list. */
    public record ReportRow(String id, String url, String reference, String shortDigest, String digest,
                            String platform, String created, String size, String efficiency, String findings,
                            int packages) {
    }

    /** The job an X-ray runs as, as its progress page shows it. */
    public record JobView(String id, String state, boolean running, int percent, String message, String error,
                          String reference, String statusUrl, String reportUrl) {
    }

    /** A path in the explorer. */
    public record FileRow(String name, String path, String kind, String size, String change, String linkTarget,
                          int layer, String openUrl, String openHtmx, String previewUrl) {
    }

    /** A step of the explorer's path. */
    public record Crumb(String name, String url, String htmx) {
    }

    /** A choice of the explorer's layer select. */
    public record LayerChoice(String value, String label, boolean selected) {
    }

    /** The explorer's state: which layer and directory, the filter and search, and what they show. */
    public record Explorer(String report, String layer, boolean merged, String dir, String q, String show,
                           List<Crumb> crumbs, List<LayerChoice> layers, List<FileRow> rows, boolean searched) {
        public boolean showing(String s) {
            return show.equals(s);
        }
    }

    /** A layer of the report with its size bar. */
    public record LayerRow(int index, String digest, String shortDigest, String createdBy, long size, String sizeText,
                           String compressed, long added, long modified, long removed, String filesUrl) {
    }

    private final XrayReports reports;
    private final JobService jobs;

    XrayPages(XrayReports reports, JobService jobs) {
        this.reports = Objects.requireNonNull(reports, "reports");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
    }

    void register(PageRoutes pages) {
        pages.post("/images/{id}/xray", this::run);
        pages.get("/xray", (ctx, viewer) -> list(pages, ctx, viewer));
        pages.get("/xray/jobs/{job}", (ctx, viewer) -> progress(pages, ctx, viewer, false));
        pages.get("/xray/jobs/{job}/status", (ctx, viewer) -> progress(pages, ctx, viewer, true));
        pages.get("/xray/{id}", (ctx, viewer) -> report(pages, ctx, viewer));
        pages.get("/xray/{id}/files", (ctx, viewer) -> {
            XrayReportId id = XrayReports.id(ctx.pathParam("id"));
            XrayReportSummary s = reports.summary(viewer.principal().organization(), id);
            pages.templates().respond(ctx, 200, "xrayFiles.jte", Map.of("x", explorer(ctx, viewer, s)));
        });
        pages.get("/xray/{id}/preview", (ctx, viewer) -> preview(pages, ctx, viewer));
        pages.post("/xray/{id}/delete", (ctx, viewer) -> {
            if (!viewer.canWrite()) {
                throw ApiProblem.forbidden("Your role in this organization is viewer: ask an owner to make you a"
                        + " member to delete reports.");
            }
            reports.delete(viewer.principal().organization(), XrayReports.id(ctx.pathParam("id")));
            PageRoutes.redirect(ctx, "/xray");
        });
    }

    /** The image page's X-ray button: queue the job, then follow it. */
    private void run(Context ctx, Viewer viewer) {
        if (!viewer.canWrite()) {
            throw ApiProblem.forbidden("Your role in this organization is viewer: ask an owner to make you a member"
                    + " to run X-rays.");
        }
        var request = Json.mapper().createObjectNode();
        request.put("connector", ctx.pathParam("id"));
        request.put("reference", Optional.ofNullable(ctx.formParam("reference")).orElse(""));
        String platform = ctx.formParam("platform");
        if (platform != null && !platform.isBlank()) {
            request.put("platform", platform.strip());
        }
        Job job;
        try {
            job = reports.submit(viewer.principal().organization(), viewer.username(), request);
        } catch (ApiProblem p) {
            if (p.status() == 422) {
                throw ApiProblem.badRequest(p.detail());
            }
            throw p;
        }
        PageRoutes.redirect(ctx, "/xray/jobs/" + job.id());
    }

    private void progress(PageRoutes pages, Context ctx, Viewer viewer, boolean partial) {
        JobId jobId;
        try {
            jobId = JobId.parse(ctx.pathParam("job").strip());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound(e.getMessage());
        }
        Job job = jobs.get(viewer.principal().organization(), jobId).filter(j -> j.kind().equals(XrayJob.KIND))
                .orElseThrow(() -> ApiProblem.notFound("There is no X-ray job " + jobId + " in this organization:"
                        + " its report may be listed under X-ray reports."));
        String reportUrl = job.result().map(r -> {
            try {
                return "/xray/" + Json.mapper().readTree(r).path("report").asText();
            } catch (java.io.IOException e) {
                return "/xray";
            }
        }).orElse("");
        if (job.state() == JobState.SUCCEEDED && !reportUrl.isEmpty()) {
            PageRoutes.redirect(ctx, reportUrl);
            return;
        }
        String reference;
        try {
            reference = Json.mapper().readTree(job.parameters()).path("reference").asText();
        } catch (java.io.IOException e) {
            reference = "";
        }
        JobView view = new JobView(job.id().toString(), Json.wireName(job.state()), !job.state().finished(),
                job.progressPercent(), job.progressMessage(), job.error().orElse(
                        job.state() == JobState.CANCELLED ? "The X-ray was cancelled." : ""), reference,
                "/xray/jobs/" + job.id() + "/status", reportUrl);
        ctx.header("Cache-Control", "no-store");
        if (partial) {
            pages.templates().respond(ctx, 200, "xrayStatus.jte", Map.of("j", view));
            return;
        }
        pages.templates().respond(ctx, 200, "xrayProgress.jte", Map.of("page", io.whittle.server.web.Page.of(
                "X-ray of " + reference, "xray", viewer, ctx.path()), "j", view));
    }

    private void list(PageRoutes pages, Context ctx, Viewer viewer) {
        Optional<String> image = Optional.ofNullable(ctx.queryParam("image")).map(String::strip)
                .filter(s -> !s.isEmpty());
        Optional<String> cursor = Optional.ofNullable(ctx.queryParam("cursor")).filter(s -> !s.isBlank());
        Page<XrayReportSummary> found;
        try {
            found = reports.list(viewer.principal().organization(), new PageRequest(LIST_PAGE, cursor), image);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        List<ReportRow> rows = found.items().stream().map(s -> new ReportRow(s.id().toString(), "/xray/" + s.id(),
                s.reference(), Format.shortDigest(s.imageDigest()), s.imageDigest(), s.platform(),
                Format.dateTime(s.createdAt()), Format.size(s.uncompressedSize()), percent(s.efficiency()),
                findings(s.findings()), s.packageCount())).toList();
        Map<String, Object> p = new HashMap<>();
        p.put("page", io.whittle.server.web.Page.of("X-ray reports", "xray", viewer, ctx.path()));
        p.put("rows", rows);
        p.put("image", image.orElse(""));
        p.put("next", found.next().map(n -> "/xray?cursor=" + enc(n) + image.map(i -> "&image=" + enc(i)).orElse(""))
                .orElse(""));
        pages.templates().respond(ctx, 200, "xrayReports.jte", p);
    }

    private void report(PageRoutes pages, Context ctx, Viewer viewer) throws java.io.IOException {
        XrayReportId id = XrayReports.id(ctx.pathParam("id"));
        var org = viewer.principal().organization();
        XrayReportSummary s = reports.summary(org, id);
        JsonNode doc = Json.mapper().readTree(reports.document(org, id));
        long max = 1;
        for (JsonNode l : doc.path("layers")) {
            max = Math.max(max, l.path("size").asLong());
        }
        List<LayerRow> layers = new ArrayList<>();
        for (JsonNode l : doc.path("layers")) {
            int i = l.path("index").asInt();
            layers.add(new LayerRow(i, l.path("digest").asText(), Format.shortDigest(l.path("digest").asText()),
                    l.path("createdBy").asText(""), l.path("size").asLong(), Format.size(l.path("size").asLong()),
                    Format.size(l.path("compressedSize").asLong()), l.path("added").path("count").asLong(),
                    l.path("modified").path("count").asLong(), l.path("removed").path("count").asLong(),
                    "/xray/" + id + "?layer=" + i + "#files"));
        }
        List<Treemap.Box> boxes = List.of();
        try {
            byte[] merged = reports.mergedListing(org, id);
            boxes = Treemap.of(merged);
        } catch (ApiProblem p) {
            // a report without listings still shows the rest
        }
        JsonNode os = doc.path("os");
        String osName = os.isObject() ? os.path("prettyName").isTextual() ? os.path("prettyName").asText()
                : os.path("id").asText() + " " + os.path("versionId").asText("") : "unknown";
        String api = "/api/v1/xray-reports/" + id;
        Map<String, Object> p = new HashMap<>();
        p.put("page", io.whittle.server.web.Page.of("X-ray of " + s.reference(), "xray", viewer, ctx.path()));
        p.put("s", s);
        p.put("doc", doc);
        p.put("osName", osName.strip());
        p.put("efficiency", percent(s.efficiency()));
        p.put("wastedPercent", percent(doc.path("efficiency").path("userWastedPercent").asDouble()));
        p.put("layers", layers);
        p.put("maxLayer", max);
        p.put("boxes", boxes);
        p.put("x", explorer(ctx, viewer, s));
        p.put("jsonUrl", api);
        p.put("htmlUrl", api + "/html?download=true");
        p.put("cyclonedxUrl", api + "/sbom?format=cyclonedx");
        p.put("spdxUrl", api + "/sbom?format=spdx");
        p.put("imageUrl", imageUrl(s));
        p.put("canWrite", viewer.canWrite());
        pages.templates().respond(ctx, 200, "xrayReport.jte", p);
    }

    /** The explorer for the request's layer, directory, filter and search. */
    private Explorer explorer(Context ctx, Viewer viewer, XrayReportSummary s) {
        String rid = s.id().toString();
        Optional<Integer> layer = XrayReports.layer(ctx.queryParam("layer"), s);
        String dir = XrayReports.path(ctx.queryParam("dir"));
        String q = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip();
        String show = Optional.ofNullable(ctx.queryParam("show")).map(v -> v.strip().toLowerCase(Locale.ROOT))
                .filter(v -> List.of("added", "modified", "removed", "changed").contains(v)).orElse("all");
        String layerParam = layer.map(String::valueOf).orElse("merged");
        List<FileListing.Entry> entries = reports.files(viewer.principal().organization(), s.id(), layer, dir,
                q.isEmpty() ? Optional.empty() : Optional.of(q));
        List<FileRow> rows = new ArrayList<>();
        for (FileListing.Entry e : entries) {
            String change = e.change().name().toLowerCase(Locale.ROOT);
            if (!show.equals("all") && !e.directory()) {
                boolean keep = show.equals("changed") ? e.change() != FileListing.Change.UNCHANGED
                        : change.equals(show);
                if (!keep) {
                    continue;
                }
            }
            String query = "layer=" + layerParam + "&dir=" + enc("/" + e.path()) + "&show=" + show;
            boolean open = e.directory() && !e.change().equals(FileListing.Change.REMOVED);
            boolean previewable = e.kind().equals("file") && e.size() <= XrayReports.PREVIEW_MAX;
            rows.add(new FileRow(q.isEmpty() ? e.name() : "/" + e.path(), "/" + e.path(), e.kind(),
                    e.directory() ? Format.size(e.size()) : e.kind().equals("file") ? Format.size(e.size()) : "",
                    change, e.linkTarget(), e.layer(),
                    open ? "/xray/" + rid + "?" + query + "#files" : "",
                    open ? "/xray/" + rid + "/files?" + query : "",
                    previewable ? "/xray/" + rid + "/preview?layer=" + e.layer() + "&path=" + enc("/" + e.path())
                            : ""));
        }
        List<Crumb> crumbs = new ArrayList<>();
        String base = "layer=" + layerParam + "&show=" + show + "&dir=";
        crumbs.add(new Crumb("/", "/xray/" + rid + "?" + base + "%2F#files", "/xray/" + rid + "/files?" + base
                + "%2F"));
        if (!dir.isEmpty()) {
            StringBuilder at = new StringBuilder();
            for (String part : dir.split("/")) {
                at.append('/').append(part);
                crumbs.add(new Crumb(part, "/xray/" + rid + "?" + base + enc(at.toString()) + "#files",
                        "/xray/" + rid + "/files?" + base + enc(at.toString())));
            }
        }
        List<LayerChoice> choices = new ArrayList<>();
        choices.add(new LayerChoice("merged", "Merged file system", layer.isEmpty()));
        for (int i = 0; i < s.layerCount(); i++) {
            choices.add(new LayerChoice(String.valueOf(i), "Layer " + i, layer.isPresent() && layer.get() == i));
        }
        return new Explorer(rid, layerParam, layer.isEmpty(), "/" + dir, q, show, crumbs, choices, rows,
                !q.isEmpty());
    }

    private void preview(PageRoutes pages, Context ctx, Viewer viewer) throws java.io.IOException {
        XrayReportId id = XrayReports.id(ctx.pathParam("id"));
        var org = viewer.principal().organization();
        XrayReportSummary s = reports.summary(org, id);
        String path = "/" + XrayReports.path(ctx.queryParam("path"));
        Optional<Integer> layer = XrayReports.layer(ctx.queryParam("layer"), s);
        String text = "";
        String problem = "";
        int status = 200;
        if (layer.isEmpty()) {
            problem = "A preview reads one layer: pick the layer the file comes from.";
            status = 400;
        } else {
            try {
                text = reports.preview(org, id, layer.get(), path);
            } catch (ApiProblem p) {
                problem = p.detail();
                status = p.status();
            }
        }
        ctx.header("Cache-Control", "private, no-cache");
        Map<String, Object> p = new HashMap<>();
        p.put("path", path);
        p.put("layer", layer.map(String::valueOf).orElse("?"));
        p.put("text", text);
        p.put("problem", problem);
        if (PageRoutes.htmx(ctx)) {
            // htmx swaps only 2xx answers: the problem is said in place, with 200.
            pages.templates().respond(ctx, 200, "xrayPreview.jte", p);
            return;
        }
        p.put("page", io.whittle.server.web.Page.of(path, "xray", viewer, ctx.path()));
        p.put("backUrl", "/xray/" + id + "?layer=" + layer.map(String::valueOf).orElse("merged") + "&dir="
                + enc(path.substring(0, Math.max(1, path.lastIndexOf('/')))) + "#files");
        pages.templates().respond(ctx, status, "xrayPreviewPage.jte", p);
    }

    private static String imageUrl(XrayReportSummary s) {
        String ref = s.reference();
        int slash = ref.indexOf('/');
        String inRegistry = slash < 0 ? ref : ref.substring(slash + 1);
        return "/images/" + s.connector() + "?reference=" + enc(inRegistry)
                + "&platform=" + enc(s.platform());
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    private static String findings(XrayReportSummary.FindingCounts f) {
        if (f.total() == 0) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        if (f.critical() > 0) {
            parts.add(f.critical() + " critical");
        }
        if (f.high() > 0) {
            parts.add(f.high() + " high");
        }
        if (f.medium() > 0) {
            parts.add(f.medium() + " medium");
        }
        if (f.low() > 0) {
            parts.add(f.low() + " low");
        }
        if (f.info() > 0) {
            parts.add(f.info() + " info");
        }
        return String.join(", ", parts);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
