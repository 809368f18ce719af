package io.whittle.connector.generic;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** PEM CA certificates a generic connector trusts instead of the JDK's roots. */
final class CaCertificates {
    private CaCertificates() {
    }

    /** The problem with a PEM text, or empty when it holds at least one certificate. */
    static Optional<String> problem(String pem) {
        try {
            parse(pem);
            return Optional.empty();
        } catch (CertificateException | IllegalArgumentException e) {
            return Optional.of("The CA certificate is not a PEM certificate: paste the whole"
                    + " -----BEGIN CERTIFICATE-----"
                    + " block.");
        }
    }

    /** A TLS context that trusts exactly these certificates. */
    static SSLContext context(String pem) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : parse(pem)) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("the CA certificate cannot be used: " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> parse(String pem) throws CertificateException {
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new CertificateException("no PEM certificate");
        }
        Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        if (certs.isEmpty()) {
            throw new CertificateException("no certificate");
        }
        return certs;
    }
}
