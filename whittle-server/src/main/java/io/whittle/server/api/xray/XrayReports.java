package io.whittle.server.api.xray;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.connector.Connection;
import io.whittle.connector.ConnectorService;
import io.whittle.oci.Digest;
import io.whittle.oci.Image;
import io.whittle.oci.ImageReference;
import io.whittle.oci.Layer;
import io.whittle.oci.Platform;
import io.whittle.oci.image.Images;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorId;
import io.whittle.platform.connector.Page;
import io.whittle.platform.connector.PageRequest;
import io.whittle.platform.job.Job;
import io.whittle.platform.job.JobService;
import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.report.XrayReportId;
import io.whittle.platform.report.XrayReportStore;
import io.whittle.platform.report.XrayReportSummary;
import io.whittle.server.api.registry.RegistryCalls;
import io.whittle.server.http.ApiProblem;
import io.whittle.server.jobs.XrayJob;
import io.whittle.xray.report.ReportHtml;
import io.whittle.xray.report.ReportJson;
import io.whittle.xray.report.XrayReport;
import io.whittle.xray.sbom.Sboms;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the API and the pages do with X-ray reports, in one place: run one (a job), and read a stored one as its JSON
 * document, the self-contained HTML page, an SBOM, a layer's file listing, or a small text file of a layer (read
 * again from the registry, up to that file). Everything is scoped to the caller's organization: another
 * organization's report is not found.
 */
public final class XrayReports {
    /** The largest file a preview shows. */
    public static final int PREVIEW_MAX = 64 * 1024;
    /** The most entries a search of a listing answers. */
    public static final int SEARCH_MAX = 200;

    private final XrayReportStore store;
    private final JobService jobs;
    private final XrayJob xray;
    private final ConnectorService connectors;
    private final RegistryCalls calls;

    public XrayReports(XrayReportStore store, JobService jobs, XrayJob xray, ConnectorService connectors,
                       RegistryCalls calls) {
        this.store = Objects.requireNonNull(store, "store");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.xray = Objects.requireNonNull(xray, "xray");
        this.connectors = Objects.requireNonNull(connectors, "connectors");
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    /** Queues an X-ray of the image {@code request} names; 422 (field by field) when it names nothing usable. */
    public Job submit(OrganizationId org, String submittedBy, JsonNode request) {
        String parameters = xray.checkRequest(org, request);
        return jobs.submit(org, XrayJob.KIND, parameters, submittedBy);
    }

    public Page<XrayReportSummary> list(OrganizationId org, PageRequest request, Optional<String> imageDigest) {
        return store.list(org, request, imageDigest);
    }

    /** The report's summary; 404 when the organization has none by that id. */
    public XrayReportSummary summary(OrganizationId org, XrayReportId id) {
        return store.find(org, id).orElseThrow(() -> notFound(id));
    }

    /** Deletes the report; 404 when the organization has none by that id. */
    public void delete(OrganizationId org, XrayReportId id) {
        if (!store.delete(org, id)) {
            throw notFound(id);
        }
    }

    /** The report's JSON document, as {@code whittle xray -o json} prints it. */
    public String document(OrganizationId org, XrayReportId id) {
        return store.document(org, id).orElseThrow(() -> notFound(id));
    }

    /** The report read back as the engine's value, for the HTML page and the SBOMs. */
    public XrayReport report(OrganizationId org, XrayReportId id) {
        try {
            return ReportJson.read(document(org, id).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw ApiProblem.internal("The stored report " + id + " cannot be read: run the X-ray again.");
        }
    }

    /** The self-contained HTML page of the report, as {@code whittle xray -o html} writes it. */
    public String html(OrganizationId org, XrayReportId id) {
        XrayReport r = report(org, id);
        StringWriter out = new StringWriter();
        try (PrintWriter w = new PrintWriter(out)) {
            ReportHtml.write(r, w);
        }
        return out.toString();
    }

    /** Writes the report's SBOM in {@code format}. */
    public void sbom(OrganizationId org, XrayReportId id, Sboms.Format format, OutputStream out) throws IOException {
        Sboms.write(format, report(org, id), out);
    }

    /** The SBOM format a {@code format} parameter names; 400 for anything else. */
    public static Sboms.Format format(String given) {
        String f = given == null ? "" : given.strip().toLowerCase(Locale.ROOT);
        return switch (f) {
            case "cyclonedx", "cdx" -> Sboms.Format.CYCLONEDX;
            case "spdx" -> Sboms.Format.SPDX;
            default -> throw ApiProblem.badRequest(f.isEmpty() ? "Name the SBOM format: ?format=cyclonedx or"
                    + " ?format=spdx." : "There is no SBOM format '" + given.strip() + "': use cyclonedx or spdx.");
        };
    }

    /** A download's file name: the repository's last part and the short digest, e.g. {@code app-0123456789ab}. */
    public static String fileStem(XrayReportSummary s) {
        String repo;
        try {
            repo = ImageReference.parse(s.reference()).repository();
        } catch (RuntimeException e) {
            repo = "image";
        }
        String last = repo.substring(repo.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        String digest = s.imageDigest();
        String hex = digest.substring(digest.indexOf(':') + 1);
        return last + "-" + hex.substring(0, Math.min(12, hex.length()));
    }

    /**
     * The layer a {@code layer} parameter names: empty for the merged file system (no parameter, or
     * {@code merged}); 400 for one the image does not have.
     */
    public static Optional<Integer> layer(String given, XrayReportSummary s) {
        if (given == null || given.isBlank() || given.strip().equalsIgnoreCase("merged")) {
            return Optional.empty();
        }
        int n;
        try {
            n = Integer.parseInt(given.strip());
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || n >= s.layerCount()) {
            throw ApiProblem.badRequest("The image has " + s.layerCount() + " layer" + (s.layerCount() == 1 ? "" : "s")
                    + ", numbered from 0: give layer=0 to " + (s.layerCount() - 1) + ", or leave it out for the"
                    + " merged file system.");
        }
        return Optional.of(n);
    }

    /** A path as the listings hold it: no slashes at the ends, no {@code .} or {@code ..}. */
    public static String path(String given) {
        return LayerFile.clean(given == null ? "" : given.strip());
    }

    /**
     * The entries directly in {@code dir} of a layer (empty: the merged file system), or with {@code query} the
     * entries whose path contains it, anywhere.
     */
    public List<FileListing.Entry> files(OrganizationId org, XrayReportId id, Optional<Integer> layer, String dir,
                                         Optional<String> query) {
        byte[] listing = listing(org, id, layer);
        if (query.isPresent() && !query.get().isBlank()) {
            return FileListing.search(listing, query.get().strip(), SEARCH_MAX);
        }
        return FileListing.children(listing, path(dir));
    }

    /** The merged file system's listing (for the treemap); 404 when the report has none. */
    public byte[] mergedListing(OrganizationId org, XrayReportId id) {
        return listing(org, id, Optional.empty());
    }

    private byte[] listing(OrganizationId org, XrayReportId id, Optional<Integer> layer) {
        summary(org, id);
        return store.listing(org, id, layer.orElse(FileListing.MERGED)).orElseThrow(() -> ApiProblem.notFound(
                "The report " + id + " has no file listing" + layer.map(l -> " for layer " + l).orElse("")
                        + ": run the X-ray again to make one."));
    }

    /**
     * The text of the small file at {@code path} in {@code layer}, read again from the registry up to that file:
     * 404 when the layer has no such file, 400 for a directory, 413 beyond {@value #PREVIEW_MAX} bytes, 415 for a
     * link or binary content.
     */
    public String preview(OrganizationId org, XrayReportId id, int layer, String given) throws IOException {
        XrayReportSummary s = summary(org, id);
        String path = path(given);
        if (path.isEmpty()) {
            throw ApiProblem.badRequest("Name the file with ?path=, e.g. ?path=/etc/os-release.");
        }
        FileListing.Entry e = FileListing.find(listing(org, id, Optional.of(layer)), path).orElseThrow(() ->
                ApiProblem.notFound("Layer " + layer + " has no /" + path + ": list the layer's files with"
                        + " /files?layer=" + layer + " to see what it holds."));
        switch (e.kind()) {
            case "file" -> {
            }
            case "whiteout" -> throw ApiProblem.notFound("Layer " + layer + " deletes /" + path + ", so it has no"
                    + " content there: preview it in the layer that adds it.");
            case "directory" -> throw ApiProblem.badRequest("/" + path + " is a directory: list it with /files?layer="
                    + layer + "&dir=/" + path + ".");
            default -> throw unsupported("/" + path + " is a " + e.kind() + (e.linkTarget().isEmpty() ? ""
                    : " to " + e.linkTarget()) + ", not a file: only the text of regular files is shown.");
        }
        if (e.size() > PREVIEW_MAX) {
            throw new ApiProblem(413, "too-large", "Too large to preview", "/" + path + " has " + e.size()
                    + " bytes; previews show files up to " + PREVIEW_MAX / 1024 + " KiB.", Map.of("size", e.size()));
        }
        LayerFile.Found found = read(org, s, layer, path);
        if (found instanceof LayerFile.NotAFile n) {
            throw unsupported("/" + path + " is " + n.what() + ", not a file: only the text of regular files is"
                    + " shown.");
        }
        LayerFile.Content c = (LayerFile.Content) found;
        if (c.bytes().length > PREVIEW_MAX) {
            throw new ApiProblem(413, "too-large", "Too large to preview", "/" + path + " has " + c.size()
                    + " bytes; previews show files up to " + PREVIEW_MAX / 1024 + " KiB.", Map.of("size", c.size()));
        }
        if (!LayerFile.text(c.bytes())) {
            throw unsupported("/" + path + " is binary, not text: only text files are shown.");
        }
        return new String(c.bytes(), StandardCharsets.UTF_8);
    }

    private LayerFile.Found read(OrganizationId org, XrayReportSummary s, int layer, String path) throws IOException {
        ConnectorId cid;
        try {
            cid = ConnectorId.parse(s.connector());
        } catch (RuntimeException e) {
            throw ApiProblem.notFound("The connector " + s.connector() + " of this report is gone: files can be"
                    + " previewed only while it exists.");
        }
        Connector c = connectors.show(org, cid);
        ImageReference ref = ImageReference.parse(s.reference()).pinned(Digest.parse(s.imageDigest()));
        try (Connection conn = connectors.open(org, c.id())) {
            return calls.call(c.provider(), () -> {
                Image image = Images.image(conn.registry().repository(ref), s.imageDigest(),
                        Platform.parse(s.platform()));
                List<Layer> layers = image.layers();
                if (layer >= layers.size()) {
                    throw ApiProblem.notFound("The image in the registry has no layer " + layer + ".");
                }
                try (InputStream blob = layers.get(layer).open()) {
                    return LayerFile.read(blob, path, PREVIEW_MAX).orElseThrow(() -> ApiProblem.notFound(
                            "Layer " + layer + " of the image in the registry has no /" + path + "."));
                }
            });
        }
    }

    private static ApiProblem unsupported(String detail) {
        return new ApiProblem(415, "unsupported-media-type", "Not a text file", detail, Map.of());
    }

    private static ApiProblem notFound(XrayReportId id) {
        return ApiProblem.notFound("There is no X-ray report " + id + " in this organization: GET"
                + " /api/v1/xray-reports lists them.");
    }

    /** The id of a path parameter; 400 for one that is not an id. */
    public static XrayReportId id(String given) {
        try {
            return XrayReportId.parse(given);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
    }
}
