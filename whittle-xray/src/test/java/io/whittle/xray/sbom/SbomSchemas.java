package io.whittle.xray.sbom;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.whittle.xray.report.XrayReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/** For tests outside this package: a report's SBOM checked against its official JSON schema. */
public final class SbomSchemas {
    private SbomSchemas() {
    }

    /** The schema errors of the report's SBOM in this format; empty when it is valid. */
    public static List<String> errors(Sboms.Format format, XrayReport report) throws IOException {
        var document = new ObjectMapper().readTree(write(format, report));
        return JsonSchemas.errors(format == Sboms.Format.CYCLONEDX ? JsonSchemas.cycloneDx16()
                : JsonSchemas.spdx23(), document);
    }

    /** The report's SBOM in this format. */
    public static byte[] write(Sboms.Format format, XrayReport report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Sboms.write(format, report, out);
        return out.toByteArray();
    }
}
