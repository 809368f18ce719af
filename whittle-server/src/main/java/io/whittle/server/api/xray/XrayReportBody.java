package io.whittle.server.api.xray;

import io.whittle.platform.report.XrayReportSummary;
import java.time.Instant;
import java.util.Optional;

/**
 * A stored X-ray report as listings show it: the image, when, and its headline figures; the report itself is at
 * {@code GET /api/v1/xray-reports/{id}}.
 *
 * @param job        the job that made it
 * @param efficiency dive's efficiency score, 0 to 1
 */
public record XrayReportBody(String id, Optional<String> job, String connector, String reference, String imageDigest,
                             String platform, Instant createdAt, long uncompressedSize, long compressedSize,
                             double efficiency, long wastedBytes, Findings findings, int packages, int layers) {

    /** Findings by severity. */
    public record Findings(int critical, int high, int medium, int low, int info) {
    }

    static XrayReportBody of(XrayReportSummary s) {
        XrayReportSummary.FindingCounts f = s.findings();
        return new XrayReportBody(s.id().toString(), s.job().map(Object::toString), s.connector(), s.reference(),
                s.imageDigest(), s.platform(), s.createdAt(), s.uncompressedSize(), s.compressedSize(), s.efficiency(),
                s.wastedBytes(), new Findings(f.critical(), f.high(), f.medium(), f.low(), f.info()), s.packageCount(),
                s.layerCount());
    }
}
