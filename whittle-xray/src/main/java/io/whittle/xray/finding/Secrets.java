package io.whittle.xray.finding;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** What looks like a secret, and how to mention one without revealing it. */
final class Secrets {
    /** AWS access key ids: long-term (AKIA) and temporary (ASIA). */
    static final Pattern AWS_KEY_ID = Pattern.compile("(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])");
    /** A URL carrying a password: scheme://user:password@host. */
    static final Pattern URL_WITH_PASSWORD = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s:@]+:(?!\\$)[^/\\s@]+@");

    private static final Set<String> WORDS = Set.of("PASSWORD", "PASSWD", "SECRET", "SECRETS", "TOKEN", "TOKENS",
            "APIKEY", "CREDENTIAL", "CREDENTIALS", "PASSPHRASE", "PRIVATEKEY", "ACCESSKEY", "SECRETKEY", "AUTHTOKEN");
    /** Short forms that only mean a password as part of a longer name (PWD alone is the working directory). */
    private static final Set<String> SHORT_WORDS = Set.of("PASS", "PWD", "PW");
    private static final Set<String> KEY_PREFIXES = Set.of("API", "PRIVATE", "ACCESS", "SECRET", "SIGNING",
            "ENCRYPTION", "CLIENT", "MASTER", "ACCOUNT");
    /** Names ending like these point at a secret (a file, a path) rather than hold one. */
    private static final Set<String> POINTERS = Set.of("FILE", "PATH", "DIR", "LOCATION", "ENV", "NAME", "ID",
            "TYPE", "LENGTH", "URL", "HOST", "PORT", "USER", "USERNAME", "EXPIRY", "TTL", "REF");
    private static final Set<String> NON_VALUES = Set.of("true", "false", "yes", "no", "0", "1", "none", "null",
            "changeme", "xxx", "redacted", "secret", "password", "example");

    private Secrets() {
    }

    /** Whether a variable or label name says it holds a secret (PASSWORD, API_KEY, db.password, apiToken...). */
    static boolean secretName(String name) {
        List<String> words = words(name);
        if (words.isEmpty() || POINTERS.contains(words.getLast())) {
            return false;
        }
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (WORDS.contains(w) || SHORT_WORDS.contains(w) && words.size() > 1) {
                return true;
            }
            if (w.equals("KEY") && i > 0 && KEY_PREFIXES.contains(words.get(i - 1))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a value is worth calling a secret: not empty, not a reference to a variable, not a flag. */
    static boolean realValue(String value) {
        String v = value.strip();
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            v = v.substring(1, v.length() - 1).strip();
        }
        return !v.isEmpty() && !v.startsWith("$") && !v.startsWith("<") && !NON_VALUES.contains(v.toLowerCase(Locale.ROOT));
    }

    /** A hint at a secret for a report: its first characters when it is long enough to stay secret, else nothing. */
    static String mask(String value) {
        String v = value.strip();
        return v.length() >= 16 ? v.substring(0, 4) + "…" : "…";
    }

    /** NAME words, upper case: split at non-alphanumerics and camelCase humps. */
    static List<String> words(String name) {
        List<String> out = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char previous = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                flush(word, out);
            } else {
                if (Character.isUpperCase(c) && Character.isLowerCase(previous)) {
                    flush(word, out);
                }
                word.append(Character.toUpperCase(c));
            }
            previous = c;
        }
        flush(word, out);
        return out;
    }

    private static void flush(StringBuilder word, List<String> out) {
        if (!word.isEmpty()) {
            out.add(word.toString());
            word.setLength(0);
        }
    }

    /** The report form of an engine path. */
    static String absolute(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }
}
