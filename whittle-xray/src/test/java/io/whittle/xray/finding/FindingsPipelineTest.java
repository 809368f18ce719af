package io.whittle.xray.finding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.whittle.oci.ImageConfig;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.LayerSpec;
import io.whittle.xray.fs.MergedTree;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.LayerScan;
import io.whittle.xray.scan.LayerScanner;
import io.whittle.xray.tar.TarAnomaly;
import io.whittle.xray.tar.TarLimits;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The content scanners inside the real layer scanner (gzip tar layers written by the testkit), then the
 * findings of the merged image: a secret deleted by a later layer is not reported, one still there is.
 */
class FindingsPipelineTest {
    private static final String NPM_TOKEN = "npm_Zx8Kq2LvBn4Mr7TcWy1HdPj6Gs3Ue5Ao9Iq";
    private static final String DB_PASSWORD = "Corr3ct-H0rse-Battery";

    @Test
    void secretsSurviveOnlyWhileVisible() throws Exception {
        try (ImageFactory factory = ImageFactory.temporary()) {
            LayerSpec base = LayerSpec.builder()
                    .dir("bin").file("bin/sh", "#!", 0755)
                    .dir("root").file("root/.npmrc", "//registry.npmjs.org/:_authToken=" + NPM_TOKEN + "\n")
                    .dir("app").file("app/.env", "DB_PASSWORD=" + DB_PASSWORD + "\nLOG_LEVEL=info\n")
                    .file("app/id_rsa", SecretScannersTest.pkcs8Pem())
                    .build();
            LayerSpec cleanup = LayerSpec.builder().whiteout("root/.npmrc").whiteout("app/id_rsa").build();
            LayerScanner scanner = new LayerScanner(TarLimits.DEFAULTS, Findings.scanners());
            List<LayerScan> scans = List.of(scanner.scan(factory.layer(base, ImageFormat.OCI)),
                    scanner.scan(factory.layer(cleanup, ImageFormat.OCI)));
            assertThat(scans.getFirst().evidence()).extracting(Evidence::path)
                    .containsExactlyInAnyOrder("root/.npmrc", "app/.env", "app/id_rsa");

            MergedTree tree = MergedTree.merge(scans);
            List<Evidence> visible = tree.visibleEvidence();
            List<TarAnomaly> anomalies = scans.stream().flatMap(s -> s.anomalies().stream()).toList();
            ImageConfig config = ConfigRulesTest.config(c -> c.put("User", "app"));
            List<Finding> findings = Findings.of(config, tree, visible, anomalies);
            assertThat(findings).extracting(Finding::id, Finding::path).containsExactly(
                    tuple("env-file-secret", "/app/.env"),
                    tuple("no-healthcheck", "config.Healthcheck"),
                    tuple("shell", "/bin/sh"));
            assertThat(findings).allSatisfy(f -> assertThat(f.message()).doesNotContain(NPM_TOKEN)
                    .doesNotContain(DB_PASSWORD));
        }
    }
}
