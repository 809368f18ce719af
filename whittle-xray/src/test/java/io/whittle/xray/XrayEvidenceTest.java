package io.whittle.xray;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.oci.Image;
import io.whittle.oci.Platform;
import io.whittle.oci.image.Images;
import io.whittle.oci.layout.OciLayout;
import io.whittle.xray.finding.Finding;
import io.whittle.xray.finding.Severity;
import io.whittle.xray.pkg.Package;
import io.whittle.xray.report.XrayReport;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.ImageSpec;
import io.whittle.testkit.LayerSpec;
import io.whittle.testkit.TestImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only what the final file system shows counts: a package database replaced by a later layer, an os-release
 * overwritten, a key deleted, are reported as the image now stands, not once per layer.
 */
class XrayEvidenceTest {

    private static final String KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK" + "Q".repeat(60)
            + "\n-----END RSA PRIVATE KEY-----\n";

    @Test
    void evidenceFromReplacedAndDeletedFilesIsLeftOut(@TempDir Path layout) throws IOException {
        try (ImageFactory factory = ImageFactory.temporary()) {
            TestImage image = factory.image(ImageSpec.builder(ImageFormat.DOCKER)
                    .platform("linux/amd64")
                    .user("app")
                    .layer(LayerSpec.builder()
                            .file("etc/os-release", "ID=debian\nVERSION_ID=\"11\"\nPRETTY_NAME=\"Debian 11\"\n")
                            .file("var/lib/dpkg/status", status("base-files", "11.1") + status("bash", "5.1-2"))
                            .file("root/.ssh/id_rsa", KEY, 0600)
                            .file("etc/ssl/private/server.key", KEY, 0600)
                            .createdBy("ADD rootfs /"))
                    .layer(LayerSpec.builder()
                            .file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian 12\"\n")
                            .file("var/lib/dpkg/status", status("base-files", "12.4") + status("bash", "5.2-15")
                                    + status("curl", "7.88.1-10"))
                            .whiteout("root/.ssh")
                            .createdBy("RUN upgrade"))
                    .build());
            image.writeLayout(layout, "1.0");
            Image local = Images.image(OciLayout.open(layout), "1.0", Platform.of("linux", "amd64"));
            XrayReport r = new Xray(XrayOptions.defaults()).analyze(local, "oci:" + layout, Optional.empty(),
                    XrayListener.NONE).report();

            assertThat(r.os()).isPresent();
            assertThat(r.os().get().id()).isEqualTo("debian");
            assertThat(r.os().get().versionId()).contains("12");
            assertThat(r.packages()).extracting(Package::name, Package::version).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("base-files", "12.4"),
                    org.assertj.core.groups.Tuple.tuple("bash", "5.2-15"),
                    org.assertj.core.groups.Tuple.tuple("curl", "7.88.1-10"));
            assertThat(r.packages()).allSatisfy(p -> assertThat(p.purl()).contains("distro=debian-12"));
            // The deleted key is not reported; the one still there is.
            assertThat(r.findings()).filteredOn(f -> f.id().equals("private-key")).extracting(Finding::path)
                    .containsExactly("/etc/ssl/private/server.key");
            assertThat(r.findings()).filteredOn(f -> f.id().equals("private-key")).extracting(Finding::severity)
                    .containsExactly(Severity.HIGH);
            assertThat(r.image().mediaType()).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
            assertThat(r.layers().get(1).removed().count()).isEqualTo(2); // root/.ssh and root/.ssh/id_rsa
        }
    }

    private static String status(String name, String version) {
        return "Package: " + name + "\nStatus: install ok installed\nPriority: required\nArchitecture: amd64\n"
                + "Version: " + version + "\nDescription: " + name + "\n\n";
    }
}
