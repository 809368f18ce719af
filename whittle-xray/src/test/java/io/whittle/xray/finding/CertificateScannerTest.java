package io.whittle.xray.finding;

import static io.whittle.xray.finding.ContentScan.findings;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateScannerTest {
    private static final Path HOST_BUNDLE = Path.of("/etc/ssl/certs/ca-certificates.crt");
    private static String leafPem;
    private static String caPem;

    /** The two certificates, made once for the class. */
    @BeforeAll
    static void makeCertificates(@TempDir Path dir) throws Exception {
        leafPem = opensslCertificate(dir, "api.example.com", false);
        caPem = opensslCertificate(dir, "Old Root CA", true);
    }

    /** A self-signed certificate made by openssl, valid for one day from now, as PEM. */
    static String opensslCertificate(Path dir, String cn, boolean ca) throws Exception {
        Path pem = dir.resolve(cn.replace(' ', '_') + ".pem");
        run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-days", "1", "-subj", "/CN=" + cn, "-addext", "basicConstraints=critical,CA:" + (ca ? "TRUE" : "FALSE"),
                "-keyout", dir.resolve(cn.replace(' ', '_') + ".key").toString(), "-out", pem.toString()));
        return Files.readString(pem);
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError(command + " failed: " + out);
        }
    }

    private static Clock inDays(int days) {
        return Clock.fixed(Instant.now().plus(Duration.ofDays(days)), ZoneOffset.UTC);
    }

    @Test
    void expiredLeafCertificateIsHighAndValidOneIsNotReported() {
        byte[] leaf = leafPem.getBytes(StandardCharsets.US_ASCII);
        assertThat(findings(Clock.systemUTC(), "etc/app/tls.crt", leaf)).isEmpty();
        assertThat(findings(inDays(10), "etc/app/tls.crt", leaf)).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("certificate-expired");
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.path()).isEqualTo("/etc/app/tls.crt");
            assertThat(f.message()).contains("\"api.example.com\"").contains("expired on");
        });
        assertThat(findings(inDays(10), "src/tests/tls.crt", leaf)).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.LOW));
    }

    @Test
    void expiredCaCertificatesAreLowAndBundlesAreSummarised() {
        String ca = caPem;
        String leaf = leafPem;
        assertThat(findings(inDays(10), "usr/local/share/ca-certificates/old.crt",
                ca.getBytes(StandardCharsets.US_ASCII))).singleElement().satisfies(f -> {
                    assertThat(f.id()).isEqualTo("ca-certificate-expired");
                    assertThat(f.severity()).isEqualTo(Severity.LOW);
                    assertThat(f.message()).contains("\"Old Root CA\"");
                });
        // a chain file: the leaf is reported on its own, the CA in the summary
        byte[] chain = (leaf + "some text between blocks\n" + ca).getBytes(StandardCharsets.US_ASCII);
        assertThat(findings(inDays(10), "etc/nginx/chain.pem", chain)).extracting(Finding::id, Finding::severity)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("certificate-expired", Severity.HIGH),
                        org.assertj.core.groups.Tuple.tuple("ca-certificate-expired", Severity.LOW));
    }

    @Test
    void theHostCaBundleCountsEveryCertificate() throws Exception {
        byte[] bundle = Files.readAllBytes(HOST_BUNDLE);
        long count = Pattern.compile("-----BEGIN CERTIFICATE-----").matcher(new String(bundle,
                StandardCharsets.US_ASCII)).results().count();
        assertThat(count).isGreaterThan(50);
        Clock farFuture = Clock.fixed(Instant.parse("2200-01-01T00:00:00Z"), ZoneOffset.UTC);
        assertThat(findings(farFuture, "etc/ssl/certs/ca-certificates.crt", bundle)).singleElement()
                .satisfies(f -> {
                    assertThat(f.id()).isEqualTo("ca-certificate-expired");
                    assertThat(f.message()).startsWith(count + " of " + count + " certificates in "
                            + "/etc/ssl/certs/ca-certificates.crt have expired");
                });
        Clock past = Clock.fixed(Instant.parse("2005-01-01T00:00:00Z"), ZoneOffset.UTC);
        assertThat(findings(past, "etc/ssl/certs/ca-certificates.crt", bundle)).isEmpty();
    }

    @Test
    void garbageInACertificateFileIsIgnored() {
        assertThat(findings(Clock.systemUTC(), "etc/ssl/broken.pem",
                "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n"
                        .getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(findings(Clock.systemUTC(), "etc/ssl/broken.der", new byte[] {0x30, 0x03, 0x01, 0x02, 0x03}))
                .isEmpty();
    }
}
