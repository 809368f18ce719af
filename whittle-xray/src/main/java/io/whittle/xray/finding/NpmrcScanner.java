package io.whittle.xray.finding;

import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.FileInfo;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/** Registry tokens and passwords in npm's configuration ({@code .npmrc}, {@code etc/npmrc}). */
final class NpmrcScanner implements ContentScanner {

    @Override
    public FileConsumer open(FileInfo file) {
        boolean candidate = file.name().equals(".npmrc") || file.name().equals("npmrc");
        return candidate && Candidates.small(file)
                ? new SmallFileConsumer((content, sink) -> check(file.path(), content, sink)) : null;
    }

    private static void check(String path, byte[] content, EvidenceSink sink) {
        Set<String> registries = new LinkedHashSet<>();
        String masked = "";
        for (String line : new String(content, StandardCharsets.UTF_8).split("\r?\n")) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (l.startsWith("#") || l.startsWith(";") || eq < 0) {
                continue;
            }
            String key = l.substring(0, eq).strip();
            String value = l.substring(eq + 1).strip();
            int colon = key.lastIndexOf(':');
            String setting = colon < 0 ? key : key.substring(colon + 1);
            if ((setting.equals("_authToken") || setting.equals("_auth") || setting.equals("_password"))
                    && Secrets.realValue(value)) {
                registries.add(colon < 0 ? "the default registry" : key.substring(0, colon));
                masked = masked.isEmpty() ? Secrets.mask(value) : masked;
            }
        }
        if (registries.isEmpty()) {
            return;
        }
        String at = Secrets.absolute(path);
        sink.add(new Evidence.FindingFound(path, new Finding("npm-token", Severity.HIGH, at,
                at + " holds npm credentials (" + masked + ") for " + String.join(", ", registries)
                        + ": remove the file in the same build step (or use a build secret) and revoke the token.")));
    }
}
