package io.whittle.server.api.xray;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.whittle.platform.job.Job;
import io.whittle.platform.report.XrayReportId;
import io.whittle.platform.report.XrayReportSummary;
import io.whittle.server.api.jobs.JobBody;
import io.whittle.server.auth.Principal;
import io.whittle.server.http.Access;
import io.whittle.server.http.ApiProblem;
import io.whittle.server.http.ApiResource;
import io.whittle.server.http.Bodies;
import io.whittle.server.http.Json;
import io.whittle.server.http.PageBody;
import io.whittle.server.http.Pagination;
import io.whittle.server.http.Routes;
import io.whittle.xray.sbom.Sboms;
import java.io.ByteArrayOutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * X-ray over the API: {@code POST /api/v1/xray} runs one as a job; the stored reports are listed, read as the JSON
 * document {@code whittle xray -o json} prints, as its HTML page and as CycloneDX or SPDX SBOMs, explored file by
 * file, layer by layer, and deleted.
 */
public final class XrayResource implements ApiResource {
    static final String TAG = "X-ray";
    public static final String SUBMIT = "/api/v1/xray";
    public static final String PATH = "/api/v1/xray-reports";
    private static final Pattern META_CSP = Pattern.compile(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]+)\"");

    private final XrayReports reports;

    public XrayResource(XrayReports reports) {
        this.reports = Objects.requireNonNull(reports, "reports");
    }

    @Override
    public void register(Routes routes) {
        routes.post(SUBMIT, Access.WRITE, doc -> doc.tag(TAG)
                .summary("X-ray an image")
                .description("Queues an X-ray of an image in the registry of one of the organization's connectors"
                        + " (the job kind 'xray'); the answer (202) is the job, which GET /api/v1/jobs/{id} and its"
                        + " events follow. Each layer is streamed once; layers X-rayed before are read from the"
                        + " server's layer cache. Once it succeeded, the job's result names the report:"
                        + " {\"report\": ID, \"url\": \"/api/v1/xray-reports/ID\"}.")
                .body(XrayRequest.class)
                .returns(JobBody.class)
                .status(202), this::submit);

        routes.get(PATH, Access.READ, doc -> doc.tag(TAG)
                .summary("List the X-ray reports")
                .description("The organization's reports, newest first, with their headline figures.")
                .query("image", "Only the reports of the image with this manifest digest (sha256:…).")
                .returnsPageOf(XrayReportBody.class), (ctx, caller) -> ctx.json(PageBody.of(reports.list(
                        caller.organization(), Pagination.request(ctx),
                        Optional.ofNullable(ctx.queryParam("image")).map(String::strip).filter(s -> !s.isEmpty())),
                XrayReportBody::of)));

        routes.get(PATH + "/{id}", Access.READ, doc -> doc.tag(TAG)
                .summary("Read an X-ray report")
                .description("The report: the JSON document 'whittle xray -o json' prints (see docs/xray-json.md).")
                .returns(JsonNode.class), (ctx, caller) -> {
                    String json = reports.document(caller.organization(), id(ctx));
                    ctx.contentType("application/json");
                    ctx.result(json);
                });

        routes.get(PATH + "/{id}/summary", Access.READ, doc -> doc.tag(TAG)
                .summary("Show an X-ray report's summary")
                .description("The image, when, and the headline figures, as the listing shows them.")
                .returns(XrayReportBody.class), (ctx, caller) ->
                ctx.json(XrayReportBody.of(reports.summary(caller.organization(), id(ctx)))));

        routes.get(PATH + "/{id}/html", Access.READ, doc -> doc.tag(TAG)
                .summary("Read an X-ray report as HTML")
                .description("The report as one self-contained HTML page, as 'whittle xray -o html' writes it;"
                        + " with download=true as an attachment.")
                .queryBoolean("download", "true to answer it as a file to save.")
                .produces("text/html"), this::html);

        routes.get(PATH + "/{id}/sbom", Access.READ, doc -> doc.tag(TAG)
                .summary("Download an X-ray report's SBOM")
                .description("The image's software bill of materials: CycloneDX 1.6 JSON or SPDX 2.3 JSON, as"
                        + " 'whittle xray --sbom' prints it, as an attachment.")
                .requiredQuery("format", "cyclonedx or spdx.")
                .produces("application/json"), this::sbom);

        routes.get(PATH + "/{id}/files", Access.READ, doc -> doc.tag(TAG)
                .summary("List an X-ray report's files")
                .description("The file explorer: the entries directly in a directory of one layer (each marked"
                        + " added, modified, removed or unchanged against the layers below) or of the merged file"
                        + " system (with the layer each comes from); with q, the entries whose path contains it,"
                        + " anywhere (at most " + XrayReports.SEARCH_MAX + "). Directories first.")
                .query("layer", "The layer, from 0; leave it out (or 'merged') for the merged file system.")
                .query("dir", "The directory, e.g. /usr/bin; the root when left out.")
                .query("q", "Search: paths containing this text, ignoring case.")
                .returnsListOf(FileBody.class), (ctx, caller) -> {
                    XrayReportId id = id(ctx);
                    XrayReportSummary s = reports.summary(caller.organization(), id);
                    ctx.json(reports.files(caller.organization(), id, XrayReports.layer(ctx.queryParam("layer"), s),
                            Optional.ofNullable(ctx.queryParam("dir")).orElse(""),
                            Optional.ofNullable(ctx.queryParam("q"))).stream().map(FileBody::of).toList());
                });

        routes.get(PATH + "/{id}/file", Access.READ, doc -> doc.tag(TAG)
                .summary("Preview a small text file of a layer")
                .description("The text of a regular file of up to " + XrayReports.PREVIEW_MAX / 1024 + " KiB as one"
                        + " layer holds it, read again from the registry up to that file. A larger file is 413,"
                        + " a binary one or a link 415.")
                .requiredQuery("layer", "The layer, from 0.")
                .requiredQuery("path", "The file, e.g. /etc/os-release.")
                .produces("text/plain")
                .problems(413, 415, 424, 502), (ctx, caller) -> {
                    XrayReportId id = id(ctx);
                    XrayReportSummary s = reports.summary(caller.organization(), id);
                    String given = ctx.queryParam("layer");
                    if (given == null || given.isBlank()) {
                        throw ApiProblem.badRequest("Name the layer with ?layer=, from 0 to "
                                + (s.layerCount() - 1) + ".");
                    }
                    int layer = XrayReports.layer(given, s).orElseThrow(() -> ApiProblem.badRequest(
                            "A preview reads one layer: give layer=0 to " + (s.layerCount() - 1) + "."));
                    String text = reports.preview(caller.organization(), id, layer, ctx.queryParam("path"));
                    ctx.header("X-Content-Type-Options", "nosniff");
                    ctx.header("Content-Security-Policy", "default-src 'none'; sandbox");
                    ctx.contentType("text/plain; charset=utf-8");
                    ctx.result(text);
                });

        routes.delete(PATH + "/{id}", Access.WRITE, doc -> doc.tag(TAG)
                .summary("Delete an X-ray report")
                .description("Deletes the report and its file listings; the layer cache keeps its layers.")
                .status(204), (ctx, caller) -> {
                    XrayReportId id = id(ctx);
                    reports.delete(caller.organization(), id);
                    ctx.status(204);
                });
    }

    private void submit(Context ctx, Principal caller) {
        XrayRequest body = Bodies.read(ctx, XrayRequest.class);
        Job job = reports.submit(caller.organization(), caller.username(), Json.mapper().valueToTree(body));
        ctx.status(202);
        ctx.header("Location", "/api/v1/jobs/" + job.id());
        ctx.json(jobBody(job));
    }

    private void html(Context ctx, Principal caller) {
        XrayReportId id = id(ctx);
        XrayReportSummary s = reports.summary(caller.organization(), id);
        String html = reports.html(caller.organization(), id);
        Matcher m = META_CSP.matcher(html);
        // The page's own policy (its one script, by hash), and never inside another site's frame.
        ctx.header("Content-Security-Policy", (m.find() ? m.group(1) : "default-src 'none'; style-src 'unsafe-inline'")
                + "; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        ctx.header("X-Content-Type-Options", "nosniff");
        if ("true".equalsIgnoreCase(ctx.queryParam("download"))) {
            ctx.header("Content-Disposition", "attachment; filename=\"" + XrayReports.fileStem(s) + "-xray.html\"");
        }
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(html);
    }

    private void sbom(Context ctx, Principal caller) throws Exception {
        Sboms.Format format = XrayReports.format(ctx.queryParam("format"));
        XrayReportId id = id(ctx);
        XrayReportSummary s = reports.summary(caller.organization(), id);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        reports.sbom(caller.organization(), id, format, out);
        boolean cdx = format == Sboms.Format.CYCLONEDX;
        ctx.header("Content-Disposition", "attachment; filename=\"" + XrayReports.fileStem(s)
                + (cdx ? ".cdx.json" : ".spdx.json") + "\"");
        ctx.contentType(cdx ? "application/vnd.cyclonedx+json" : "application/spdx+json");
        ctx.result(out.toByteArray());
    }

    private static XrayReportId id(Context ctx) {
        return XrayReports.id(ctx.pathParam("id"));
    }

    /** The job as the jobs API shows it. */
    static JobBody jobBody(Job j) {
        return new JobBody(j.id().toString(), j.kind(), tree(j.parameters()), j.state(),
                new JobBody.ProgressBody(j.progressPercent(), j.progressMessage()), j.result().map(XrayResource::tree),
                j.error(), j.submittedBy(), j.createdAt(), j.startedAt(), j.finishedAt(), j.attempts());
    }

    private static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a stored job document is not JSON", e);
        }
    }
}
