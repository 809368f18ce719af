package io.whittle.xray.finding;

import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.FileInfo;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Expired certificates: an expired leaf (server or client) certificate is an outage or a stale secret waiting,
 * so each is reported; expired CA certificates in trust bundles are common and mostly harmless, so each file
 * gets one summary finding.
 */
final class CertificateScanner implements ContentScanner {
    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----(.*?)-----END (?:X509 |TRUSTED )?CERTIFICATE-----",
            Pattern.DOTALL);
    private static final Set<String> EXTENSIONS = Set.of("pem", "crt", "cer", "cert", "der");
    private static final Set<String> BUNDLES = Set.of("ca-certificates.crt", "ca-bundle.crt", "ca-bundle.trust.crt",
            "tls-ca-bundle.pem", "cert.pem", "cacert.pem");

    private final Clock clock;

    CertificateScanner(Clock clock) {
        this.clock = clock;
    }

    @Override
    public FileConsumer open(FileInfo file) {
        boolean candidate = EXTENSIONS.contains(Candidates.extension(file.name())) || BUNDLES.contains(file.name());
        return candidate && Candidates.small(file)
                ? new SmallFileConsumer((content, sink) -> check(file.path(), content, sink)) : null;
    }

    private void check(String path, byte[] content, EvidenceSink sink) {
        List<X509Certificate> certificates = parse(content);
        if (certificates.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        String at = Secrets.absolute(path);
        List<X509Certificate> expiredCas = new ArrayList<>();
        for (X509Certificate c : certificates) {
            if (!c.getNotAfter().toInstant().isBefore(now)) {
                continue;
            }
            if (c.getBasicConstraints() >= 0) {
                expiredCas.add(c);
                continue;
            }
            Severity severity = Candidates.testFixture(path) ? Severity.LOW : Severity.HIGH;
            sink.add(new Evidence.FindingFound(path, new Finding("certificate-expired", severity, at,
                    at + " holds the certificate of " + subject(c) + ", which expired on " + day(c)
                            + ": renew it or remove it from the image.")));
        }
        if (expiredCas.size() == 1 && certificates.size() == 1) {
            X509Certificate c = expiredCas.getFirst();
            sink.add(new Evidence.FindingFound(path, new Finding("ca-certificate-expired", Severity.LOW, at,
                    at + " holds the CA certificate of " + subject(c) + ", which expired on " + day(c)
                            + ": update the CA bundle package or remove the certificate.")));
        } else if (!expiredCas.isEmpty()) {
            sink.add(new Evidence.FindingFound(path, new Finding("ca-certificate-expired", Severity.LOW, at,
                    expiredCas.size() + " of " + certificates.size() + " certificates in " + at
                            + " have expired: update the CA bundle package (ca-certificates) in the image.")));
        }
    }

    /** Every certificate in a PEM file (other blocks, such as keys, skipped) or a single DER certificate. */
    private static List<X509Certificate> parse(byte[] content) {
        List<X509Certificate> out = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK offers no X.509 certificate factory", e);
        }
        String text = new String(content, StandardCharsets.ISO_8859_1);
        Matcher m = PEM.matcher(text);
        boolean pem = false;
        while (m.find()) {
            pem = true;
            try {
                byte[] der = Base64.getMimeDecoder().decode(m.group(1).strip());
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
                // A damaged block in a bundle: the others still count.
            }
        }
        if (!pem && content.length > 1 && content[0] == 0x30) {
            try {
                out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(content)));
            } catch (CertificateException | ClassCastException e) {
                // Not a certificate after all.
            }
        }
        return out;
    }

    private static String subject(X509Certificate c) {
        String dn = c.getSubjectX500Principal().getName();
        try {
            for (Rdn rdn : new LdapName(dn).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return "\"" + rdn.getValue() + "\"";
                }
            }
        } catch (InvalidNameException e) {
            // fall through to the whole name
        }
        return "\"" + dn + "\"";
    }

    private static String day(X509Certificate c) {
        return c.getNotAfter().toInstant().atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }
}
