package io.whittle.testkit.emulator;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4, checked the way AWS checks it: the signature is recomputed from the request (method,
 * path, query, the signed headers, the body's hash) with the secret key on file and compared; the credential
 * scope must name this region and service and the request time must be within 15 minutes.
 */
public final class SigV4 {
    private static final Pattern AUTH = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request,\\s*"
                    + "SignedHeaders=([^,\\s]+),\\s*Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final Duration SKEW = Duration.ofMinutes(15);

    private SigV4() {
    }

    /** The secret behind an access key id, and the session token that must accompany temporary keys. */
    public record Secret(String secretAccessKey, Optional<String> sessionToken) {
    }

    /** Why a request was refused, as AWS names it. */
    public enum Problem {
        MISSING("MissingAuthenticationToken", "Missing Authentication Token"),
        UNKNOWN_KEY("UnrecognizedClientException", "The security token included in the request is invalid."),
        BAD_SIGNATURE("InvalidSignatureException", "The request signature we calculated does not match the"
                + " signature you provided. Check your AWS Secret Access Key and signing method. Consult the service"
                + " documentation for details."),
        WRONG_SCOPE("InvalidSignatureException", "Credential should be scoped to a valid region and service."),
        EXPIRED_SIGNATURE("InvalidSignatureException", "Signature expired: the request time is more than 15 minutes"
                + " from the server time."),
        BAD_SESSION_TOKEN("UnrecognizedClientException", "The security token included in the request is invalid.");

        private final String code;
        private final String message;

        Problem(String code, String message) {
            this.code = code;
            this.message = message;
        }

        public String code() {
            return code;
        }

        public String message() {
            return message;
        }
    }

    /** The outcome: the access key id that signed, or the problem. */
    public record Verdict(Optional<String> accessKeyId, Optional<Problem> problem) {
        static Verdict ok(String key) {
            return new Verdict(Optional.of(key), Optional.empty());
        }

        static Verdict fail(Problem p) {
            return new Verdict(Optional.empty(), Optional.of(p));
        }

        public boolean ok() {
            return problem.isEmpty();
        }
    }

    /** Verifies a request signed for {@code service} in {@code region}; the body must already be read. */
    public static Verdict verify(Call call, String region, String service, Function<String, Optional<Secret>> keys) {
        Optional<String> header = call.header("Authorization");
        Optional<String> date = call.header("X-Amz-Date");
        if (header.isEmpty() || date.isEmpty()) {
            return Verdict.fail(Problem.MISSING);
        }
        Matcher m = AUTH.matcher(header.get());
        if (!m.find()) {
            return Verdict.fail(Problem.MISSING);
        }
        String keyId = m.group(1);
        String day = m.group(2);
        Optional<Secret> secret = keys.apply(keyId);
        if (secret.isEmpty()) {
            return Verdict.fail(Problem.UNKNOWN_KEY);
        }
        if (!m.group(3).equals(region) || !m.group(4).equals(service) || !date.get().startsWith(day)) {
            return Verdict.fail(Problem.WRONG_SCOPE);
        }
        try {
            Instant when = LocalDateTime.parse(date.get(), AMZ_DATE).toInstant(ZoneOffset.UTC);
            if (Duration.between(when, Instant.now()).abs().compareTo(SKEW) > 0) {
                return Verdict.fail(Problem.EXPIRED_SIGNATURE);
            }
        } catch (DateTimeParseException e) {
            return Verdict.fail(Problem.MISSING);
        }
        Optional<String> sessionToken = call.header("X-Amz-Security-Token");
        if (!secret.get().sessionToken().equals(sessionToken)) {
            return Verdict.fail(Problem.BAD_SESSION_TOKEN);
        }
        String[] signedHeaders = m.group(5).split(";");
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String h : signedHeaders) {
            List<String> values = new ArrayList<>();
            for (String v : call.headerValues(h)) {
                values.add(v.trim().replaceAll("\\s+", " "));
            }
            canonicalHeaders.append(h).append(':').append(String.join(",", values)).append('\n');
        }
        String payloadHash = call.header("X-Amz-Content-Sha256").orElseGet(() -> hex(sha256(call.body())));
        String canonicalRequest = call.method() + "\n" + canonicalUri(call.rawPath()) + "\n"
                + canonicalQuery(call.rawQuery()) + "\n" + canonicalHeaders + "\n" + m.group(5) + "\n" + payloadHash;
        String scope = day + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + date.get() + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret.get().secretAccessKey()).getBytes(StandardCharsets.UTF_8), day);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, stringToSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                m.group(6).getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.fail(Problem.BAD_SIGNATURE);
        }
        return Verdict.ok(keyId);
    }

    /** Each path segment encoded again, as AWS does for every service but S3. */
    private static String canonicalUri(String rawPath) {
        if (rawPath.isEmpty()) {
            return "/";
        }
        StringBuilder b = new StringBuilder();
        String[] segments = rawPath.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                b.append('/');
            }
            b.append(encode(segments[i]));
        }
        return b.toString();
    }

    private static String canonicalQuery(String rawQuery) {
        List<String> pairs = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : Call.parseForm(rawQuery).entrySet()) {
            for (String v : e.getValue()) {
                pairs.add(encode(e.getKey()) + "=" + encode(v));
            }
        }
        pairs.sort(null);
        return String.join("&", pairs);
    }

    /** RFC 3986 unreserved characters stay; everything else is %XX in upper case. */
    static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte c : s.getBytes(StandardCharsets.UTF_8)) {
            char ch = (char) (c & 0xff);
            if (ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '-' || ch == '_'
                    || ch == '.' || ch == '~') {
                b.append(ch);
            } else {
                b.append('%').append(String.format("%02X", c & 0xff));
            }
        }
        return b.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
