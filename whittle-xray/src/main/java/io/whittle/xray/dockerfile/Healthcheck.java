package io.whittle.xray.dockerfile;

import java.util.List;

/**
 * Rewrites a HEALTHCHECK as builders record it, the Go struct printed with {@code %v}:
 * {@code &{["CMD-SHELL" "curl -f http://localhost/"] "30s" "3s" "0s" "0s" '\x03'}} (interval, timeout,
 * start period, start interval in newer builders, then retries as a rune), into Dockerfile flags.
 */
final class Healthcheck {
    private static final String[] FLAGS = {"--interval", "--timeout", "--start-period", "--start-interval"};

    private Healthcheck() {
    }

    static String instruction(String recorded) {
        String t = recorded.strip();
        if (!t.startsWith("&{") || !t.endsWith("}")) {
            return "HEALTHCHECK " + t;  // already Dockerfile syntax (kaniko) or NONE
        }
        String body = t.substring(2, t.length() - 1);
        int close = testEnd(body);
        if (!body.startsWith("[") || close < 0) {
            return "HEALTHCHECK " + t;
        }
        List<String> test = GoSyntax.quoted(body.substring(0, close + 1));
        String rest = body.substring(close + 1);
        int quote = rest.lastIndexOf('\'', rest.length() - 2);
        String runeLiteral = quote >= 0 && rest.strip().endsWith("'") ? rest.substring(quote).strip() : "";
        List<String> durations = GoSyntax.quoted(quote >= 0 ? rest.substring(0, quote) : rest);
        if (test.isEmpty() || test.getFirst().equals("NONE")) {
            return "HEALTHCHECK NONE";
        }
        StringBuilder out = new StringBuilder("HEALTHCHECK");
        for (int i = 0; i < durations.size() && i < FLAGS.length; i++) {
            if (!durations.get(i).equals("0s") && !durations.get(i).isEmpty()) {
                out.append(' ').append(FLAGS[i]).append('=').append(durations.get(i));
            }
        }
        int retries = GoSyntax.rune(runeLiteral);
        if (retries > 0) {
            out.append(" --retries=").append(retries);
        }
        String kind = test.getFirst();
        List<String> command = test.subList(1, test.size());
        if (kind.equals("CMD-SHELL")) {
            out.append(" CMD ").append(String.join(" ", command));
        } else {
            out.append(" CMD ").append(GoSyntax.jsonArray(command));
        }
        return out.toString();
    }

    /** Where the test list's closing bracket is, skipping brackets inside its quoted strings. */
    private static int testEnd(String body) {
        boolean inString = false;
        for (int i = 1; i < body.length(); i++) {
            char c = body.charAt(i);
            if (inString && c == '\\') {
                i++;
            } else if (c == '"') {
                inString = !inString;
            } else if (c == ']' && !inString) {
                return i;
            }
        }
        return -1;
    }
}
