package io.whittle.platform.report;

import io.whittle.platform.job.JobId;
import io.whittle.platform.org.OrganizationId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A stored X-ray report as listings show it: which image, when, and the headline figures, without the document.
 *
 * @param job        the job that made it, when a job did
 * @param connector  the connector id the image was read through, as it was (the connector may be gone since)
 * @param reference  the image reference in full ({@code registry/repo:tag})
 * @param efficiency dive's efficiency score, 0 to 1
 */
public record XrayReportSummary(XrayReportId id, OrganizationId organization, Optional<JobId> job, String connector,
                                String reference, String imageDigest, String platform, Instant createdAt,
                                long uncompressedSize, long compressedSize, double efficiency, long wastedBytes,
                                FindingCounts findings, int packageCount, int layerCount) {

    /** How many findings of each severity the report has. */
    public record FindingCounts(int critical, int high, int medium, int low, int info) {
        public FindingCounts {
            if (critical < 0 || high < 0 || medium < 0 || low < 0 || info < 0) {
                throw new IllegalArgumentException("finding counts cannot be negative");
            }
        }

        public int total() {
            return critical + high + medium + low + info;
        }
    }

    public XrayReportSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(organization, "organization");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(imageDigest, "imageDigest");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(findings, "findings");
        if (uncompressedSize < 0 || compressedSize < 0 || wastedBytes < 0 || packageCount < 0 || layerCount < 0) {
            throw new IllegalArgumentException("report sizes and counts cannot be negative");
        }
        if (!(efficiency >= 0 && efficiency <= 1)) {
            throw new IllegalArgumentException("efficiency is from 0 to 1, not " + efficiency);
        }
    }
}
