package io.whittle.testkit.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.oci.Json;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/** Random secrets in the providers' formats, and the JSON answer of a registry token realm. */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private Secrets() {
    }

    /** {@code prefix} followed by {@code length} random letters and digits, e.g. {@code ghp_…}. */
    public static String random(String prefix, int length) {
        StringBuilder b = new StringBuilder(prefix);
        for (int i = 0; i < length; i++) {
            b.append(ALNUM[RANDOM.nextInt(ALNUM.length)]);
        }
        return b.toString();
    }

    /** {@code n} random bytes in lowercase hex. */
    public static String hex(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Which fields a realm's JSON answer carries. */
    public enum TokenShape {
        /** {@code {"token": …}} (GitHub, GitLab, Quay, DigitalOcean). */
        TOKEN_ONLY,
        /** {@code {"token", "expires_in", "issued_at"}} (Google). */
        TOKEN_EXPIRY,
        /** {@code {"token", "access_token", "expires_in", "issued_at"}} (Docker Hub). */
        BOTH,
        /** {@code {"access_token": …}} (Azure). */
        ACCESS_TOKEN_ONLY
    }

    /** The JSON a token realm answers with. */
    public static ObjectNode tokenBody(String token, Duration lifetime, TokenShape shape) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        if (shape != TokenShape.ACCESS_TOKEN_ONLY) {
            n.put("token", token);
        }
        if (shape == TokenShape.BOTH || shape == TokenShape.ACCESS_TOKEN_ONLY) {
            n.put("access_token", token);
        }
        if (shape == TokenShape.BOTH || shape == TokenShape.TOKEN_EXPIRY) {
            n.put("expires_in", Math.max(0, lifetime.toSeconds()));
            n.put("issued_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        }
        return n;
    }
}
