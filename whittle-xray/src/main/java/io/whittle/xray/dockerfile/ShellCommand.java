package io.whittle.xray.dockerfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays out a RUN command for reading: builders store it on one line (continuations joined with their indentation),
 * so a long {@code &&} chain is split back into one command per line, and a multi-line script becomes a heredoc.
 */
final class ShellCommand {
    /** Commands up to this long stay on one line. */
    private static final int WIDTH = 100;

    private ShellCommand() {
    }

    static String layout(String command) {
        String c = command.strip();
        if (c.contains("\n")) {
            return c.startsWith("<<") ? c : "<<EOF\n" + c + "\nEOF";
        }
        if (c.length() <= WIDTH) {
            return c;
        }
        List<String> parts = splitAnd(c);
        if (parts.size() < 2) {
            return c;
        }
        return String.join(" \\\n    && ", parts);
    }

    /** The command split at {@code &&} outside quotes, each part with spaces outside quotes collapsed. */
    static List<String> splitAnd(String c) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < c.length(); i++) {
            char ch = c.charAt(i);
            if (quote == 0 && ch == '\\' && i + 1 < c.length()) {
                part.append(ch).append(c.charAt(++i));
            } else if (quote != 0) {
                if (ch == '\\' && quote == '"' && i + 1 < c.length()) {
                    part.append(ch).append(c.charAt(++i));
                    continue;
                }
                if (ch == quote) {
                    quote = 0;
                }
                part.append(ch);
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                part.append(ch);
            } else if (ch == '&' && i + 1 < c.length() && c.charAt(i + 1) == '&') {
                parts.add(part.toString().strip());
                part.setLength(0);
                i++;
            } else if (Character.isWhitespace(ch)) {
                if (!part.isEmpty() && part.charAt(part.length() - 1) != ' ') {
                    part.append(' ');
                }
            } else {
                part.append(ch);
            }
        }
        if (quote != 0) {
            return List.of(c);  // unbalanced quotes: leave it as recorded
        }
        parts.add(part.toString().strip());
        parts.removeIf(String::isEmpty);
        return parts;
    }
}
