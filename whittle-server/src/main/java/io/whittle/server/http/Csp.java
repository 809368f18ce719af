package io.whittle.server.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Content-Security-Policy sources for the server's few HTML pages: an inline script is allowed by its hash, so no
 * other inline script (an injected one) can run.
 */
public final class Csp {
    private Csp() {
    }

    /** The {@code 'sha256-…'} source that allows exactly {@code script} as an inline script. */
    public static String scriptHash(String script) {
        try {
            return "'sha256-" + Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(script.getBytes(StandardCharsets.UTF_8))) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
