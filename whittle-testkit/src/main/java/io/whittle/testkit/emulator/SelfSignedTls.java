package io.whittle.testkit.emulator;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate for 127.0.0.1, for the few emulated hosts whose real clients refuse plain http (the
 * Entra ID authority for MSAL). {@link #serverContext()} serves it; {@link #clientContext()} trusts only it.
 */
public final class SelfSignedTls {
    private final X509Certificate certificate;
    private final SSLContext server;
    private final SSLContext client;

    private SelfSignedTls(X509Certificate certificate, SSLContext server, SSLContext client) {
        this.certificate = certificate;
        this.server = server;
        this.client = client;
    }

    /** A new key and certificate for the IP address 127.0.0.1 and the name localhost, valid for a day. */
    public static SelfSignedTls create() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair keys = g.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=127.0.0.1");
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE), Date.from(now.minusSeconds(60)),
                    Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic());
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, "localhost")}));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
            char[] pass = "emulator".toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", keys.getPrivate(), pass, new X509Certificate[] {cert});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pass);
            SSLContext server = SSLContext.getInstance("TLS");
            server.init(kmf.getKeyManagers(), null, null);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("server", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, tmf.getTrustManagers(), null);
            return new SelfSignedTls(cert, server, client);
        } catch (GeneralSecurityException | java.io.IOException
                 | org.bouncycastle.operator.OperatorCreationException e) {
            throw new IllegalStateException("could not make a self-signed certificate: " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Serves the certificate. */
    public SSLContext serverContext() {
        return server;
    }

    /** Trusts this certificate and nothing else. */
    public SSLContext clientContext() {
        return client;
    }
}
