package io.whittle.xray.dockerfile;

import io.whittle.oci.ImageConfig;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one history entry's {@code created_by} back into a Dockerfile instruction. Builders record it in
 * three shapes: the classic builder (and buildah) as a shell command, with {@code #(nop)} marking
 * instructions that ran nothing ({@code /bin/sh -c #(nop)  CMD ["x"]}), build args before RUN commands as
 * {@code |N A=1 ...}; BuildKit (and kaniko) as the instruction itself ({@code RUN /bin/sh -c make # buildkit},
 * {@code COPY . /app}); anything else (base-image tooling such as debuerreotype or jib) is kept as a comment.
 * The SHELL seen so far is tracked, since RUN commands are recorded with the shell in front.
 */
final class HistoryLine {
    private static final Pattern NOP = Pattern.compile(
            "^(?:/bin/sh -c|cmd /S /C|powershell(?: -Command)?)\\s+#\\(nop\\)\\s*(.*)$", Pattern.DOTALL);
    private static final Pattern BUILDKIT_SUFFIX = Pattern.compile("\\s*# buildkit\\s*$");
    private static final Pattern ARGS = Pattern.compile("^\\|(\\d+) (.*)$", Pattern.DOTALL);
    private static final Pattern CLASSIC_COPY = Pattern.compile("^(.*) in (.*?)\\s*$", Pattern.DOTALL);
    private static final Set<String> KEYWORDS = Set.of("RUN", "COPY", "ADD", "ENV", "WORKDIR", "EXPOSE", "CMD",
            "ENTRYPOINT", "HEALTHCHECK", "ARG", "USER", "SHELL", "STOPSIGNAL", "VOLUME", "LABEL", "ONBUILD",
            "MAINTAINER");
    private static final String DEFAULT_SHELL = "/bin/sh -c";
    private static final String WINDOWS_SHELL = "cmd /S /C";

    private String shell = DEFAULT_SHELL;

    String render(ImageConfig.History entry) {
        Optional<String> comment = entry.comment().filter(c -> !c.isBlank() && !c.startsWith("buildkit.dockerfile"));
        String createdBy = entry.createdBy().orElse("");
        if (createdBy.isBlank()) {
            return "# (history entry with no created_by" + comment.map(c -> ": " + c).orElse("") + ")";
        }
        String s = BUILDKIT_SUFFIX.matcher(createdBy).replaceFirst("");
        Matcher nop = NOP.matcher(s);
        if (nop.matches()) {
            return instruction(nop.group(1).strip(), true);
        }
        if (s.startsWith("|") || startsWithShell(s)) {
            return "RUN " + ShellCommand.layout(command(s));
        }
        String keyword = firstWord(s);
        if (KEYWORDS.contains(keyword)) {
            return instruction(s.strip(), false);
        }
        String text = s.strip() + comment.map(c -> " (" + c + ")").orElse("");
        return text.startsWith("#") ? text.replace("\n", "\n# ") : "# " + text.replace("\n", "\n# ");
    }

    private String instruction(String text, boolean classic) {
        String keyword = firstWord(text);
        String rest = text.substring(Math.min(text.length(), keyword.length())).strip();
        return switch (keyword) {
            case "RUN" -> "RUN " + ShellCommand.layout(command(rest));
            case "ADD", "COPY" -> keyword + " " + (classic ? classicCopy(rest) : rest);
            case "EXPOSE" -> "EXPOSE " + String.join(" ", GoSyntax.mapKeys(rest));
            case "VOLUME" -> "VOLUME " + (rest.startsWith("[") && !rest.contains("\"")
                    ? GoSyntax.jsonArray(GoSyntax.bareList(rest)) : rest);
            case "SHELL" -> shell(rest);
            case "CMD", "ENTRYPOINT" -> keyword + " " + execForm(rest);
            case "HEALTHCHECK" -> Healthcheck.instruction(rest);
            default -> KEYWORDS.contains(keyword) ? keyword + (rest.isEmpty() ? "" : " " + rest) : "# " + text;
        };
    }

    /** RUN's command without the build args and the shell the builder put in front of it. */
    private String command(String recorded) {
        String s = recorded.strip();
        Matcher args = ARGS.matcher(s);
        if (args.matches()) {
            s = dropArgs(Integer.parseInt(args.group(1)), args.group(2));
        }
        StringBuilder flags = new StringBuilder();
        while (s.startsWith("--")) {  // RUN --mount=... --network=... as some builders keep them
            int space = s.indexOf(' ');
            if (space < 0) {
                break;
            }
            flags.append(s, 0, space + 1);
            s = s.substring(space + 1).stripLeading();
        }
        for (String prefix : List.of(shell, DEFAULT_SHELL, WINDOWS_SHELL)) {
            if (s.startsWith(prefix + " ")) {
                s = s.substring(prefix.length() + 1);
                break;
            }
        }
        return flags + s;
    }

    /** Drops {@code count} NAME=value build args; values with spaces make the count unreliable, so the shell is found. */
    private String dropArgs(int count, String s) {
        String[] tokens = s.split(" ", count + 1);
        if (tokens.length == count + 1 && startsWithShell(tokens[count])) {
            return tokens[count];
        }
        for (String prefix : List.of(shell, DEFAULT_SHELL, WINDOWS_SHELL)) {
            int at = s.indexOf(" " + prefix + " ");
            if (at >= 0) {
                return s.substring(at + 1);
            }
        }
        return tokens.length == count + 1 ? tokens[count] : s;
    }

    private boolean startsWithShell(String s) {
        return s.startsWith(shell + " ") || s.startsWith(DEFAULT_SHELL + " ") || s.startsWith(WINDOWS_SHELL + " ");
    }

    /** Classic ADD/COPY record their source by content hash: {@code file:abc in /usr/bin/}. */
    private static String classicCopy(String rest) {
        Matcher m = CLASSIC_COPY.matcher(rest);
        return m.matches() ? m.group(1).strip() + " " + m.group(2).strip() : rest;
    }

    private String shell(String rest) {
        List<String> words = rest.startsWith("[") && rest.contains("\"") ? GoSyntax.quoted(rest)
                : GoSyntax.bareList(rest);
        if (words.isEmpty()) {
            return "SHELL " + rest;
        }
        shell = String.join(" ", words);
        return "SHELL " + GoSyntax.jsonArray(words);
    }

    /** CMD and ENTRYPOINT arrays as Go prints them, {@code ["a" "b"]}, become JSON; the shell form comes back. */
    private String execForm(String rest) {
        if (!rest.startsWith("[") || !rest.endsWith("]")) {
            return rest;
        }
        List<String> words = GoSyntax.quoted(rest);
        if (words.isEmpty() && !rest.contains("\"")) {
            words = GoSyntax.bareList(rest);
        }
        if (words.size() == 3 && (words.get(0) + " " + words.get(1)).equals(DEFAULT_SHELL)
                || words.size() > 2 && String.join(" ", words.subList(0, words.size() - 1)).equals(shell)) {
            return words.getLast();
        }
        return GoSyntax.jsonArray(words);
    }

    private static String firstWord(String s) {
        int end = 0;
        while (end < s.length() && !Character.isWhitespace(s.charAt(end))) {
            end++;
        }
        String word = s.substring(0, end);
        return word.equals(word.toUpperCase(Locale.ROOT)) ? word : "";
    }
}
