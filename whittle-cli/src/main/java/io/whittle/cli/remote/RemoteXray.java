package io.whittle.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.cli.Io;
import io.whittle.oci.ImageReference;
import io.whittle.oci.Json;
import io.whittle.oci.Platform;
import io.whittle.platform.connector.Connector;
import io.whittle.xray.report.ReportJson;
import io.whittle.xray.report.XrayReport;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code whittle xray REF} against a server: an {@code xray} job through one of its connectors, polled until it
 * ends with its progress on stderr, then the stored report read back as the engine's value, so that the command
 * renders it (text, JSON, HTML, SBOM) and checks the CI rules with the same code as locally. Interrupting the CLI
 * cancels the job. The report stays on the server.
 */
public final class RemoteXray {
    private static final String SUBMIT = "/api/v1/xray";
    private static final String REPORTS = "/api/v1/xray-reports/";

    private final RemoteConnectors connectors;
    private final Io io;

    public RemoteXray(ServerApi api, Io io) {
        this.connectors = new RemoteConnectors(Objects.requireNonNull(api, "api"));
        this.io = Objects.requireNonNull(io, "io");
    }

    /**
     * @param given     REF as typed, which the report names as the local X-ray does
     * @param connector {@code --connector}, else the server's connector for the reference's registry host
     * @param platform  {@code --platform}; without it this machine's, as locally
     * @return the report the server made
     */
    public XrayReport run(String given, Optional<String> connector, Optional<Platform> platform) throws IOException {
        ImageReference reference = ImageReference.parse(given);
        Connector c = connectors.pick(reference.registry(), connector);
        // The server defaults to linux/amd64; the local X-ray takes this machine's platform from an index.
        Platform chosen = platform.orElseGet(Platform::host);
        // A missing image, a refused credential or an absent platform fails here, before any job, with the
        // sentence and exit code the local X-ray gives; the job would only say that it failed.
        connectors.manifest(c.id(), reference.toString(), Optional.of(chosen));

        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("connector", c.id().toString());
        body.put("reference", reference.toString());
        body.put("platform", chosen.toString());
        JsonNode job = RemoteJob.submit(connectors.api(), SUBMIT, body);
        String id = job.path("id").asText();
        JsonNode done;
        try (JobProgress progress = JobProgress.on(io.err(), io.terminal())) {
            done = RemoteJob.follow(connectors.api(), job, progress, "X-ray");
        }
        String reportId = done.path("result").path("report").asText("");
        if (reportId.isBlank()) {
            throw new IOException("the server at " + connectors.api().base() + " finished X-ray job " + id
                    + " without naming its report: check that it runs the same Whittle version");
        }
        ServerApi.Raw document = connectors.api().getRaw(REPORTS + ServerApi.encode(reportId));
        XrayReport report;
        try {
            report = ReportJson.read(document.bytes());
        } catch (IOException e) {
            throw new IOException("the server's report " + reportId + " is not one this CLI reads (" + e.getMessage()
                    + "): check that the server runs the same Whittle version", e);
        }
        io.err().println("The server keeps this report as " + reportId + " (" + connectors.api().base() + REPORTS
                + reportId + ").");
        io.err().flush();
        return named(report, given);
    }

    /** The report naming the image as typed, as the local X-ray names it (the server writes the full reference). */
    static XrayReport named(XrayReport r, String given) {
        XrayReport.ImageInfo i = r.image();
        XrayReport.ImageInfo image = new XrayReport.ImageInfo(given, i.digest(), i.index(), i.platform(),
                i.mediaType(), i.created());
        return new XrayReport(r.schema(), image, r.config(), r.sizes(), r.layers(), r.efficiency(), r.files(), r.os(),
                r.packages(), r.findings(), r.dockerfile(), r.duplicates(), r.analysis());
    }

}
