package io.whittle.xray.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportJsonTest {

    @Test
    void roundTripGivesTheSameReport() throws IOException {
        XrayReport report = SampleReports.debian();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportJson.write(report, out);
        XrayReport back = ReportJson.read(out.toByteArray());
        assertThat(back).isEqualTo(report);
        assertThat(ReportJson.bytes(back)).isEqualTo(ReportJson.bytes(report));
    }

    @Test
    void fieldsComeInRecordOrderWithAbsentOptionalsLeftOut() throws IOException {
        JsonNode j = new ObjectMapper().readTree(ReportJson.bytes(SampleReports.debian()));
        assertThat(names(j)).containsExactly("schema", "image", "config", "sizes", "layers", "efficiency", "files",
                "os", "packages", "findings", "dockerfile", "duplicates", "analysis");
        assertThat(j.path("schema").asText()).isEqualTo("whittle.xray/v1");
        assertThat(names(j.path("image"))).containsExactly("reference", "digest", "platform", "mediaType", "created");
        assertThat(j.path("config").has("user")).isFalse();
        assertThat(j.path("config").path("workingDir").asText()).isEqualTo("/srv");
        assertThat(names(j.path("layers").get(0))).containsExactly("index", "digest", "diffId", "mediaType", "size",
                "compressedSize", "createdBy", "added", "modified", "removed", "largest");
        assertThat(j.path("layers").get(1).path("added").path("count").asLong()).isEqualTo(3);
        assertThat(j.path("layers").get(1).path("removed").path("count").asLong()).isEqualTo(2);
    }

    @Test
    void numbersAreNumbersAndSeveritiesLowerCase() throws IOException {
        JsonNode j = new ObjectMapper().readTree(ReportJson.bytes(SampleReports.debian()));
        assertThat(j.path("efficiency").path("score").isDouble()).isTrue();
        assertThat(j.path("efficiency").path("score").asDouble()).isEqualTo(0.875);
        assertThat(j.path("efficiency").path("userWastedPercent").asDouble()).isEqualTo(0.8);
        assertThat(j.path("efficiency").path("wastedBytes").isIntegralNumber()).isTrue();
        assertThat(j.path("sizes").path("uncompressed").asLong()).isEqualTo(12_500_000);
        assertThat(j.path("findings").get(0).path("severity").asText()).isEqualTo("high");
        assertThat(j.path("os").path("id").asText()).isEqualTo("debian");
        assertThat(j.path("os").path("versionId").asText()).isEqualTo("12");
        assertThat(names(j.path("os"))).containsExactly("id", "versionId", "prettyName", "codename");
        assertThat(names(j.path("packages").get(0))).containsExactly("type", "name", "version", "purl", "licenses",
                "location", "files");
        assertThat(names(j.path("findings").get(0))).containsExactly("id", "severity", "path", "message");
        assertThat(j.path("packages").get(0).path("purl").asText())
                .isEqualTo("pkg:deb/debian/app@1.2-3?arch=amd64&distro=debian-12");
    }

    @Test
    void somethingElseIsRefusedWithASentence() {
        assertThatThrownBy(() -> ReportJson.read("{\"schema\": 3}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("not an X-ray report");
        assertThatThrownBy(() -> ReportJson.read("[1,2]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IOException.class).hasMessageContaining("not an X-ray report");
    }

    @Test
    void unknownFieldsOfANewerReportAreSkipped() throws IOException {
        JsonNode j = new ObjectMapper().readTree(ReportJson.bytes(SampleReports.debian()));
        ((com.fasterxml.jackson.databind.node.ObjectNode) j).put("somethingNew", 1);
        assertThat(ReportJson.read(new ObjectMapper().writeValueAsBytes(j))).isEqualTo(SampleReports.debian());
    }

    private static List<String> names(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
