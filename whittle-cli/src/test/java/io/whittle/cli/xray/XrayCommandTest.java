package io.whittle.cli.xray;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.cli.Io;
import io.whittle.cli.Whittle;
import io.whittle.cli.remote.ClientConfigFile;
import io.whittle.oci.Json;
import io.whittle.xray.report.ReportJson;
import io.whittle.xray.report.XrayReport;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.ImageSpec;
import io.whittle.testkit.LayerSpec;
import io.whittle.testkit.RegistryExtension;
import io.whittle.testkit.TestImage;
import io.whittle.testkit.TestIndex;
import io.whittle.oci.Platform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code whittle xray} in-process, as bin/whittle runs it, against a real registry and an OCI layout. */
class XrayCommandTest {

    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.noAuth();

    static ImageFactory factory;
    static TestImage image;
    static String ref;
    static final byte[] BIG = "0123456789".repeat(100).getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path temp;

    /** The crafted image of XrayTest: efficiency 2110/2660 (below dive's 0.9), user wasted 650/1510. */
    @BeforeAll
    static void push() {
        factory = ImageFactory.temporary();
        image = factory.image(ImageSpec.builder(ImageFormat.OCI)
                .platform("linux/amd64")
                .label("org.example.title", "crafted")
                .layer(LayerSpec.builder().dir("etc").file("etc/a", "a".repeat(100)).file("etc/b", "b".repeat(50))
                        .dir("usr").file("usr/big", BIG).createdBy("ADD rootfs /"))
                .layer(LayerSpec.builder().file("etc/a", "A".repeat(200)).whiteout("etc/b")
                        .file("new.txt", "0123456789").createdBy("RUN change"))
                .layer(LayerSpec.builder().file("etc/a", "z".repeat(300)).file("opt/copy", BIG)
                        .createdBy("COPY copy /opt/copy"))
                .build());
        image.push(REGISTRY.server().url(), "team/crafted", "1.0");
        ref = REGISTRY.hostPort() + "/team/crafted:1.0";
    }

    @AfterAll
    static void close() {
        factory.close();
    }

    @Test
    void textSummary() {
        Result r = run("xray", ref);
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(r.out).startsWith("X-ray of " + ref + "\n")
                .contains("  Digest       " + image.digest())
                .contains("  Platform     linux/amd64")
                .contains("  Score        79.3 %")
                .contains("  Wasted       650 B")
                .contains("  User wasted  43.0 %")
                .contains("  Reclaimable  350 B")
                .contains("  3      600 B        /etc/a")
                .contains("  1  210 B   +1     ~1        -1       RUN change")
                .contains("Packages: 0")
                .doesNotContain("CI rules");
        assertThat(r.err).isEmpty(); // not a terminal: no progress line
    }

    @Test
    void jsonIsTheDocumentedReportAndReadsBack() throws IOException {
        Result r = run("xray", "-o", "json", ref);
        assertThat(r.code).as(r.toString()).isZero();
        JsonNode j = r.json();
        assertThat(j.path("schema").asText()).isEqualTo("whittle.xray/v1");
        assertThat(j.at("/image/digest").asText()).isEqualTo(image.digest().toString());
        assertThat(j.at("/sizes/uncompressed").asLong()).isEqualTo(2660);
        assertThat(j.at("/efficiency/wastedBytes").asLong()).isEqualTo(650);
        assertThat(j.at("/layers/1/removed/count").asLong()).isEqualTo(1);
        assertThat(j.at("/analysis/whittleVersion").asText()).isNotBlank();
        XrayReport back = ReportJson.read(r.stdout);
        assertThat(back.image().reference()).isEqualTo(ref);
    }

    @Test
    void theLayerCacheLivesUnderXdgCacheHomeAndServesTheSecondRun() {
        Result first = run("xray", "-o", "json", ref);
        assertThat(first.json().at("/analysis/layersCached").asInt()).isZero();
        assertThat(temp.resolve("cache/whittle/xray-layers")).isDirectory();
        Result second = run("xray", "-o", "json", ref);
        assertThat(second.json().at("/analysis/layersCached").asInt()).isEqualTo(3);
        assertThat(second.json().at("/analysis/layersRead").asInt()).isZero();
        assertThat(second.json().at("/efficiency")).isEqualTo(first.json().at("/efficiency"));
    }

    @Test
    void htmlToAFile() throws IOException {
        Path file = temp.resolve("report.html");
        Result r = run("xray", "-o", "html", "--output-file", file.toString(), ref);
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(r.out).isEmpty();
        assertThat(r.err).contains("Wrote report to " + file);
        String html = Files.readString(file);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("X-ray of " + ref).contains("<h2>Layers</h2>");
        try (var files = Files.list(temp)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void sbomInsteadOfTheReport() {
        Result cdx = run("xray", "--sbom", "cyclonedx", ref);
        assertThat(cdx.code).as(cdx.toString()).isZero();
        assertThat(cdx.json().path("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(cdx.json().path("specVersion").asText()).isEqualTo("1.6");
        Result spdx = run("xray", "--sbom", "SPDX", ref);
        assertThat(spdx.code).as(spdx.toString()).isZero();
        assertThat(spdx.json().path("spdxVersion").asText()).isEqualTo("SPDX-2.3");
        Result bad = run("xray", "--sbom", "swid", ref);
        assertThat(bad.code).isEqualTo(2);
        assertThat(bad.err).isEqualTo("whittle: --sbom is cyclonedx or spdx, not 'swid'.\n");
    }

    @Test
    void ciWithDivesDefaultsFailsWithExitCode3() {
        Result r = run("xray", "--ci", ref);
        assertThat(r.code).as(r.toString()).isEqualTo(3);
        assertThat(r.out).contains("X-ray of ")
                .contains("CI rules:\n")
                .contains("  FAIL  lowest-efficiency: image efficiency is too low (efficiency=0.793233082706767"
                        + " < threshold=0.9)")
                .contains("  FAIL  highest-user-wasted-percent:")
                .contains("  SKIP  highest-wasted-bytes: rule disabled")
                .contains("Result: FAIL [Total:7] [Passed:0] [Failed:2] [Skipped:5]");
        assertThat(r.out.indexOf("CI rules:")).isGreaterThan(r.out.indexOf("Layers"));
    }

    @Test
    void aDiveCiFileWithWhittlesRules() throws IOException {
        Path rules = temp.resolve(".dive-ci");
        Files.writeString(rules, """
                rules:
                  lowest-efficiency: 0.7
                  highest-wasted-bytes: 1KB
                  highest-user-wasted-percent: disabled
                  max-size: 2.6kB
                """);
        Result r = run("xray", "--ci-config", rules.toString(), ref);
        assertThat(r.code).as(r.toString()).isEqualTo(3); // 2660 B > 2.6 kB
        assertThat(r.out).contains("  PASS  lowest-efficiency").contains("  PASS  highest-wasted-bytes")
                .contains("  SKIP  highest-user-wasted-percent").contains("  FAIL  max-size: uncompressed size 2.7 kB"
                        + " (2660 bytes) is over the budget of 2.6 kB (2600 bytes)");
        Files.writeString(rules, "rules:\n  lowest-efficiency: 0.7\n  highest-user-wasted-percent: off\n"
                + "  max-size: 20MB\n");
        Result pass = run("xray", "--ci-config", rules.toString(), ref);
        assertThat(pass.code).as(pass.toString()).isZero();
        assertThat(pass.out).contains("Result: PASS");
    }

    @Test
    void ciBesideJsonGoesToStderr() {
        Result r = run("xray", "--ci", "-o", "json", ref);
        assertThat(r.code).isEqualTo(3);
        assertThat(r.json().path("schema").asText()).isEqualTo("whittle.xray/v1");
        assertThat(r.err).contains("Result: FAIL");
    }

    @Test
    void badRulesAreAUsageErrorBeforeAnythingIsRead() throws IOException {
        Path rules = temp.resolve("rules.yaml");
        Files.writeString(rules, "rules:\n  highest-wasted-bytes: 20 megs\n");
        Result r = run("xray", "--ci-config", rules.toString(), "127.0.0.1:1/nothing/here:1");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err).startsWith("whittle: " + rules + ": rule 'highest-wasted-bytes': '20 megs' has an unknown"
                + " unit 'megs'");
        Result missing = run("xray", "--ci-config", temp.resolve("nope").toString(), ref);
        assertThat(missing.code).isEqualTo(5);
        assertThat(missing.err).isEqualTo("whittle: " + temp.resolve("nope") + " does not exist.\n");
    }

    @Test
    void anOciLayout(@TempDir Path layout) {
        image.writeLayout(layout, "1.0");
        Result r = run("xray", "-o", "json", "oci:" + layout + ":1.0");
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(r.json().at("/image/digest").asText()).isEqualTo(image.digest().toString());
        assertThat(r.json().at("/image/reference").asText()).isEqualTo("oci:" + layout + ":1.0");
    }

    @Test
    void badReferencesAndMissingImagesSaySo() {
        Result bad = run("xray", "Not A Reference");
        assertThat(bad.code).isEqualTo(2);
        assertThat(bad.err).startsWith("whittle: ").doesNotContain("Exception");
        Result missing = run("xray", REGISTRY.hostPort() + "/team/none:1.0");
        assertThat(missing.code).as(missing.toString()).isEqualTo(5);
        assertThat(missing.err).startsWith("whittle: ");
        Result noArg = run("xray");
        assertThat(noArg.code).isEqualTo(2);
    }

    @Test
    void aCorruptLayerFailsWithOneSentence(@TempDir Path layout) throws IOException {
        image.writeLayout(layout, "1.0");
        var blob = image.layerDescriptors().get(1).digest();
        Path file = layout.resolve("blobs/sha256/" + blob.hex());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(file, bytes);
        Result r = run("xray", "oci:" + layout + ":1.0");
        assertThat(r.code).as(r.toString()).isEqualTo(1);
        assertThat(r.err).startsWith("whittle: ").doesNotContain("Exception").endsWith(".\n");
        assertThat(r.err.lines()).hasSize(1);
    }

    @Test
    void aLayerPastALimitFailsWithOneSentence(@TempDir Path layout) {
        TestImage hostile = factory.image(ImageSpec.builder(ImageFormat.OCI).platform("linux/amd64")
                .layer(LayerSpec.builder().file("d/" + "z/".repeat(2100) + "f", "long")).build());
        hostile.writeLayout(layout, "1.0");
        Result r = run("xray", "oci:" + layout + ":1.0");
        assertThat(r.code).as(r.toString()).isEqualTo(1);
        assertThat(r.err).startsWith("whittle: A tar entry's name is longer than 4096 bytes").endsWith(".\n");
        assertThat(r.err.lines()).hasSize(1);
    }

    @Test
    void fromAnIndexThePlatformAsked() {
        TestIndex index = factory.multiPlatform(ImageFormat.OCI, "multi", Platform.of("linux", "amd64"),
                Platform.of("linux", "arm64", "v8"));
        index.push(REGISTRY.server().url(), "team/multi", "latest");
        Result r = run("xray", "-o", "json", "--platform", "linux/arm64/v8", REGISTRY.hostPort() + "/team/multi");
        assertThat(r.code).as(r.toString()).isZero();
        assertThat(r.json().at("/image/platform").asText()).isEqualTo("linux/arm64/v8");
        assertThat(r.json().at("/image/index").asText()).isEqualTo(index.digest().toString());
        Result none = run("xray", "--platform", "linux/s390x", REGISTRY.hostPort() + "/team/multi");
        assertThat(none.code).as(none.toString()).isEqualTo(5);
    }

    @Test
    void helpListsTheOptions() {
        Result r = run("xray", "--help");
        assertThat(r.code).isZero();
        assertThat(r.out).contains("--sbom", "--ci-config", "--output-file", "--connector", "xray-layers");
    }

    private record Result(int code, byte[] stdout, String out, String err) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(stdout);
            } catch (IOException e) {
                throw new AssertionError("stdout is not JSON: " + out + "\nstderr: " + err, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Result run(String... args) {
        try {
            Path docker = Files.createDirectories(temp.resolve("docker-config"));
            Map<String, String> env = new HashMap<>();
            env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            env.put("HOME", temp.resolve("home").toString());
            env.put("DOCKER_CONFIG", docker.toString());
            env.put("XDG_CACHE_HOME", temp.resolve("cache").toString());
            env.put("WHITTLE_DATA_DIR", temp.resolve("data").toString());
            // No client config: a developer's 'whittle login' must not send these commands to a server.
            env.put(ClientConfigFile.VARIABLE, docker.resolve("no-client-config.json").toString());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = Whittle.run(Io.of(out, err, env), args);
            return new Result(code, out.toByteArray(), out.toString(StandardCharsets.UTF_8),
                    err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
