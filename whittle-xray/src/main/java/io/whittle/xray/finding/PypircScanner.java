package io.whittle.xray.finding;

import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.FileInfo;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;

/** Package-index passwords and API tokens in {@code .pypirc} ({@code password = ...} in a repository section). */
final class PypircScanner implements ContentScanner {

    @Override
    public FileConsumer open(FileInfo file) {
        return file.name().equals(".pypirc") && Candidates.small(file)
                ? new SmallFileConsumer((content, sink) -> check(file.path(), content, sink)) : null;
    }

    private static void check(String path, byte[] content, EvidenceSink sink) {
        TreeSet<String> sections = new TreeSet<>();
        String section = "";
        for (String line : new String(content, StandardCharsets.UTF_8).split("\r?\n")) {
            String l = line.strip();
            if (l.startsWith("[") && l.endsWith("]")) {
                section = l.substring(1, l.length() - 1).strip();
                continue;
            }
            int eq = l.indexOf('=') >= 0 ? l.indexOf('=') : l.indexOf(':');
            if (eq > 0 && l.substring(0, eq).strip().equals("password") && Secrets.realValue(l.substring(eq + 1))) {
                sections.add(section.isEmpty() ? "(no section)" : section);
            }
        }
        if (sections.isEmpty()) {
            return;
        }
        String at = Secrets.absolute(path);
        sink.add(new Evidence.FindingFound(path, new Finding("pypi-credentials", Severity.HIGH, at,
                at + " stores package-index passwords or tokens for " + String.join(", ", sections)
                        + ": remove the file from the image, revoke the tokens, and use a build secret instead.")));
    }
}
