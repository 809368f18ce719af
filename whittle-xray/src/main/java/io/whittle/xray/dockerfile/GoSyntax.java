package io.whittle.xray.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the Go-formatted values builders print into {@code created_by} ({@code ["a" "b"]}, {@code [/a /b]},
 * {@code map[80/tcp:{}]}, quoted strings and rune literals) and writes Dockerfile JSON arrays.
 */
final class GoSyntax {
    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");

    private GoSyntax() {
    }

    /** Every Go double-quoted string in {@code text}, unquoted, in order. */
    static List<String> quoted(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = QUOTED.matcher(text);
        while (m.find()) {
            out.add(unescape(m.group(1)));
        }
        return out;
    }

    /** A Go string slice as {@code %v} prints it, {@code [a b c]}: items split at spaces. */
    static List<String> bareList(String text) {
        String t = text.strip();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1).strip();
        }
        return t.isEmpty() ? List.of() : List.of(t.split("\\s+"));
    }

    /** A Go map as {@code %v} prints it, {@code map[8080/tcp:{} 53/udp:{}]}: its keys. */
    static List<String> mapKeys(String text) {
        String t = text.strip();
        if (!t.startsWith("map[") || !t.endsWith("]")) {
            return bareList(t);
        }
        List<String> out = new ArrayList<>();
        for (String item : t.substring(4, t.length() - 1).strip().split("\\s+")) {
            int colon = item.lastIndexOf(':');
            if (!item.isEmpty()) {
                out.add(colon < 0 ? item : item.substring(0, colon));
            }
        }
        return out;
    }

    /** The number a Go rune literal stands for ({@code '\x03'}, {@code '\n'}, {@code '!'}), or -1. */
    static int rune(String literal) {
        String t = literal.strip();
        if (t.length() < 3 || t.charAt(0) != '\'' || t.charAt(t.length() - 1) != '\'') {
            return -1;
        }
        String body = t.substring(1, t.length() - 1);
        String value = body.startsWith("\\") ? unescape(body) : body;
        return value.isEmpty() ? -1 : value.codePointAt(0);
    }

    /** Go escape sequences decoded. */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                out.append(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\u000b');
                case 'x' -> i = hex(s, i, 2, out);
                case 'u' -> i = hex(s, i, 4, out);
                case 'U' -> i = hex(s, i, 8, out);
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int end = Math.min(s.length(), i + 3);
                    try {
                        out.append((char) Integer.parseInt(s.substring(i, end), 8));
                        i = end - 1;
                    } catch (NumberFormatException ex) {
                        out.append(e);
                    }
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }

    private static int hex(String s, int at, int digits, StringBuilder out) {
        int end = at + 1 + digits;
        if (end > s.length()) {
            out.append(s, at - 1, s.length());
            return s.length() - 1;
        }
        try {
            out.appendCodePoint(Integer.parseInt(s.substring(at + 1, end), 16));
        } catch (IllegalArgumentException ex) {
            out.append(s, at - 1, end);
        }
        return end - 1;
    }

    /** A Dockerfile exec-form array: {@code ["a", "b"]}. */
    static String jsonArray(List<String> items) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            out.append(i == 0 ? "" : ", ").append('"');
            for (char c : items.get(i).toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\t' -> out.append("\\t");
                    case '\r' -> out.append("\\r");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
        return out.append(']').toString();
    }
}
