package io.whittle.server.logging;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what looks like a secret in a log line, whoever wrote it (Whittle, Jetty, the pool, an SDK): API tokens
 * ({@code wht_…}), {@code Bearer}/{@code Basic} credentials, the session cookie, values of members and parameters
 * named like secrets ({@code password}, {@code token}, {@code private_key}, {@code secret_access_key}…, in JSON,
 * {@code key=value} and {@code key: value} forms), PEM private keys, {@code user:password@} in URLs, and strings
 * shaped like AWS secret access keys. A safety net under the rule that code never logs a secret at all.
 */
public final class LogRedactor {
    static final String MASK = "****";

    /** Key names whose values are secrets, as they appear in JSON, headers, query strings and SDK dumps. */
    private static final String SECRET_KEY = "(?:password|passwd|passphrase|pwd|secret|client_secret|clientSecret"
            + "|secret_?access_?key|secretAccessKey|aws_secret_access_key|private_?key|privateKey|token|access_?token"
            + "|accessToken|refresh_?token|refreshToken|id_?token|api_?key|apiKey|csrf_?token|csrfToken"
            + "|x-csrf-token|session_?token|sessionToken|authorization|cookie|whittle_session|setup_?token)";

    private record Rule(Pattern pattern, String replacement) {
    }

    private static final List<Rule> RULES = List.of(
            // PEM private keys, whole or cut off.
            new Rule(Pattern.compile("-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----(?:.|\\R)*?(?:-----END \\1PRIVATE KEY-----|$)"),
                    "-----BEGIN $1PRIVATE KEY-----" + MASK + "-----END $1PRIVATE KEY-----"),
            // "password": "…" and other secret-named JSON members, escaped quotes included.
            new Rule(Pattern.compile("(?i)(\\\\?\"[A-Za-z0-9_-]*" + SECRET_KEY + "\\\\?\"\\s*:\\s*)(\\\\?\")(?:\\\\\\\\|\\\\[^\"]|[^\"\\\\])*(\\\\?\")"),
                    "$1$2" + MASK + "$3"),
            // Authorization schemes.
            // (A credential has a digit, capital or symbol: "Basic authentication" stays readable.)
            new Rule(Pattern.compile("(?i:\\b(Bearer|Basic)(\\s+))(?=[A-Za-z0-9._~+/=:-]*[0-9A-Z._~+/=:-])"
                    + "[A-Za-z0-9._~+/=:-]{6,}"), "$1$2" + MASK),
            // API tokens wherever they appear.
            new Rule(Pattern.compile("\\bwht_[A-Za-z0-9_-]+"), "wht_" + MASK),
            // key=value and key: value (query strings, headers, properties, SDK toString).
            new Rule(Pattern.compile("(?i)(\\b[A-Za-z0-9_-]*" + SECRET_KEY + "\\b\\s*[=:]\\s*'?)(?![\\s\"]|\\*{4})([^\\s&,;\"'}\\]]+)"),
                    "$1" + MASK),
            // user:password@host in URLs.
            new Rule(Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://[^/\\s:@]*:)[^/\\s@]+@"), "$1" + MASK + "@"),
            // AWS secret access keys: 40 characters of base64 with both cases (not a hex digest).
            new Rule(Pattern.compile("(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[A-Z])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"),
                    MASK));

    private LogRedactor() {
    }

    /** {@code text} with every secret-looking part replaced by {@value #MASK}; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (Rule r : RULES) {
            Matcher m = r.pattern().matcher(out);
            if (m.find()) {
                out = m.replaceAll(r.replacement());
            }
        }
        return out;
    }
}
