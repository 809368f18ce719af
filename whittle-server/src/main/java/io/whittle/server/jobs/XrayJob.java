package io.whittle.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.connector.Connection;
import io.whittle.connector.ConnectorService;
import io.whittle.oci.AccessException;
import io.whittle.oci.Digest;
import io.whittle.oci.Image;
import io.whittle.oci.ImageReference;
import io.whittle.oci.Layer;
import io.whittle.oci.OciException;
import io.whittle.oci.image.ImageOrIndex;
import io.whittle.oci.image.Images;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorId;
import io.whittle.platform.connector.ConnectorNotFoundException;
import io.whittle.platform.connector.InvalidConnectorIdException;
import io.whittle.platform.job.JobContext;
import io.whittle.platform.job.JobFailedException;
import io.whittle.platform.job.JobId;
import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.report.XrayReportId;
import io.whittle.platform.report.XrayReportStore;
import io.whittle.platform.report.XrayReportSummary;
import io.whittle.server.api.registry.ConnectorReference;
import io.whittle.server.api.registry.RegistryCalls;
import io.whittle.server.api.xray.FileListing;
import io.whittle.server.http.Bodies;
import io.whittle.server.http.FieldError;
import io.whittle.server.http.Json;
import io.whittle.xray.Xray;
import io.whittle.registry.Version;
import io.whittle.xray.XrayOptions;
import io.whittle.xray.XrayResult;
import io.whittle.xray.finding.Finding;
import io.whittle.xray.finding.Severity;
import io.whittle.xray.report.ReportJson;
import io.whittle.xray.report.XrayReport;
import io.whittle.xray.tar.LayerException;
import io.whittle.xray.scan.DirectoryLayerCache;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code xray} job: an image read through a connector and X-rayed as {@code whittle xray} does, each layer
 * streamed once (a layer scanned before, by any report, is read from the layer cache instead); the report is stored
 * with each layer's file listing for the explorer, under the job's own id, so that a job run again after a server
 * died mid-way replaces what it stored rather than adding a second report. Progress is the share of layer bytes
 * read; the result names the report.
 */
public final class XrayJob implements CheckedJobHandler {
    public static final String KIND = "xray";
    private static final Logger LOG = LoggerFactory.getLogger(XrayJob.class);

    private final ConnectorService connectors;
    private final RegistryCalls calls;
    private final XrayReportStore reports;
    private final XrayOptions options;
    private final Clock clock;

    /** @param options how X-rays run here: limits, the layer cache in the data directory, parallel layers */
    public XrayJob(ConnectorService connectors, RegistryCalls calls, XrayReportStore reports, XrayOptions options,
                   Clock clock) {
        this.connectors = Objects.requireNonNull(connectors, "connectors");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * How the server X-rays: the standard limits, layer scans cached in {@code <data>/cache/xray-layers} (shared by
     * every report, so that an image sharing layers with one X-rayed before reads only the new ones), and as many
     * layers at once as there are processors, at least two; reports name Whittle's version as the CLI's do.
     */
    public static XrayOptions options(Path dataDir) {
        XrayOptions d = XrayOptions.defaults();
        return d.withCache(new DirectoryLayerCache(dataDir.resolve("cache").resolve("xray-layers")))
                .withVersion(Version.current());
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String check(OrganizationId org, JsonNode parameters) {
        List<FieldError> problems = new ArrayList<>();
        Optional<Target> target = target(org, parameters, problems);
        if (target.isEmpty()) {
            throw Bodies.invalid(problems.stream().map(e -> new FieldError(e.field().map(f -> "parameters." + f),
                    e.message())).toList());
        }
        return target.get().parameters().toJson();
    }

    /**
     * The parameters checked as {@code POST /api/v1/xray} takes them, field names without the {@code parameters.}
     * prefix of a job submission.
     */
    public String checkRequest(OrganizationId org, JsonNode request) {
        List<FieldError> problems = new ArrayList<>();
        Optional<Target> target = target(org, request, problems);
        if (target.isEmpty()) {
            throw Bodies.invalid(problems);
        }
        return target.get().parameters().toJson();
    }

    @Override
    public String run(JobContext context) throws Exception {
        OrganizationId org = context.organization();
        List<FieldError> problems = new ArrayList<>();
        Optional<Target> resolved = target(org, JobFailures.parameters(context.parameters()), problems);
        if (resolved.isEmpty()) {
            throw new JobFailedException(problems.getFirst().message());
        }
        Target t = resolved.get();
        XrayReportId id = new XrayReportId(context.id().value());
        try (Connection conn = connectors.open(org, t.connector().id())) {
            XrayResult result;
            try (CancelWatch cancel = CancelWatch.start(context,
                    () -> JobFailures.closeQuietly(LOG, "X-ray", conn))) {
                try {
                    result = registry(t.connector(), () -> analyze(context, conn, t));
                } catch (IOException | RuntimeException e) {
                    if (cancel.cancelled()) {
                        throw new JobFailedException("The X-ray was cancelled.");
                    }
                    throw e;
                }
            }
            calls.success(t.connector().provider());
            XrayReport report = result.report();
            reports.delete(org, id); // a run after a crash replaces what the earlier one stored
            reports.store(summary(id, org, context.id(), t, report, clock.instant()),
                    new String(ReportJson.bytes(report), StandardCharsets.UTF_8), FileListing.build(result.tree()));
            ObjectNode out = Json.mapper().createObjectNode();
            out.put("report", id.toString());
            out.put("reference", report.image().reference());
            out.put("digest", report.image().digest());
            out.put("platform", report.image().platform());
            out.put("url", "/api/v1/xray-reports/" + id);
            return out.toString();
        }
    }

    private XrayResult analyze(JobContext context, Connection conn, Target t) throws IOException {
        ImageReference ref = t.reference();
        ImageOrIndex named = Images.open(conn.registry().repository(ref), ref.identifier());
        Optional<Digest> index = named instanceof ImageOrIndex.OfIndex ? Optional.of(named.digest())
                : Optional.empty();
        Image image = named.image(t.parameters().chosenPlatform());
        List<Layer> layers = image.layers();
        XrayProgress progress = new XrayProgress(context, layers.size(),
                layers.stream().mapToLong(Layer::size).sum(),
                bytes -> calls.pulled(t.connector().provider(), bytes));
        progress.started();
        return new Xray(options).analyze(image, ref.toString(), index, progress);
    }

    static XrayReportSummary summary(XrayReportId id, OrganizationId org, JobId job, Target t, XrayReport r,
                                     java.time.Instant at) {
        int[] counts = new int[Severity.values().length];
        for (Finding f : r.findings()) {
            counts[f.severity().ordinal()]++;
        }
        return new XrayReportSummary(id, org, Optional.of(job), t.connector().id().toString(), r.image().reference(),
                r.image().digest(), r.image().platform(), at.truncatedTo(java.time.temporal.ChronoUnit.MICROS),
                r.sizes().uncompressed(), r.sizes().compressed(),
                Math.max(0, Math.min(1, r.efficiency().score())), r.efficiency().wastedBytes(),
                new XrayReportSummary.FindingCounts(counts[Severity.CRITICAL.ordinal()],
                        counts[Severity.HIGH.ordinal()], counts[Severity.MEDIUM.ordinal()],
                        counts[Severity.LOW.ordinal()], counts[Severity.INFO.ordinal()]),
                r.packages().size(), r.layers().size());
    }

    /** The connector and full reference of an X-ray; empty with the problems added when something is wrong. */
    private Optional<Target> target(OrganizationId org, JsonNode json, List<FieldError> problems) {
        XrayParameters p = XrayParameters.read(json, problems);
        if (p == null) {
            return Optional.empty();
        }
        Connector c;
        try {
            c = connectors.show(org, ConnectorId.parse(p.connector()));
        } catch (InvalidConnectorIdException | ConnectorNotFoundException e) {
            problems.add(FieldError.of("connector", e.getMessage()));
            return Optional.empty();
        }
        try {
            ImageReference ref = ConnectorReference.resolve(c, p.reference());
            return Optional.of(new Target(p.withReference(ref.toString()), c, ref));
        } catch (IllegalArgumentException e) {
            problems.add(FieldError.of("reference", e.getMessage()));
            return Optional.empty();
        }
    }

    /** What an X-ray reads: the parameters (reference in full), the connector and the parsed reference. */
    record Target(XrayParameters parameters, Connector connector, ImageReference reference) {
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws IOException;
    }

    /**
     * Runs registry work; a failure with a sentence for the user fails the job with it. An interrupt is left as it
     * is: a stopping server hands the job back.
     */
    private <T> T registry(Connector c, Work<T> work) throws IOException {
        try {
            return work.run();
        } catch (AccessException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            calls.count(c.provider(), e.failure());
            throw JobFailures.access(e, "Test connector " + c.id()
                    + ", edit it if it fails, then run the X-ray again.");
        } catch (LayerException e) {
            throw new JobFailedException(JobFailures.sentence(e.getMessage()), e);
        } catch (OciException e) {
            throw new JobFailedException(JobFailures.sentence(e.getMessage()), e);
        }
    }
}
