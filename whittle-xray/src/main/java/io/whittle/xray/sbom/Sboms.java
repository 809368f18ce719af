package io.whittle.xray.sbom;

import io.whittle.xray.report.XrayReport;
import java.io.IOException;
import java.io.OutputStream;

/** CONTRACT (H4): SBOM documents for an X-ray report. */
public final class Sboms {
    private Sboms() {
    }

    public enum Format { CYCLONEDX, SPDX }

    /**
     * Writes CycloneDX 1.6 JSON (cyclonedx-core-java) or SPDX 2.3 JSON for the report's image and packages. The
     * same report always gives the same bytes: identifiers derive from the image digest and the analysis time.
     * {@code out} is left open.
     */
    public static void write(Format format, XrayReport report, OutputStream out) throws IOException {
        switch (format) {
            case CYCLONEDX -> CycloneDxWriter.write(report, out);
            case SPDX -> SpdxWriter.write(report, out);
        }
    }
}
