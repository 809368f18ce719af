package io.whittle.xray.finding;

import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.FileInfo;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/** Secret-looking variables with values in dotenv files ({@code .env}, {@code .env.production}, {@code app.env}). */
final class DotEnvScanner implements ContentScanner {
    private static final Set<String> TEMPLATES = Set.of("example", "sample", "template", "dist", "defaults", "tmpl",
            "tpl");

    @Override
    public FileConsumer open(FileInfo file) {
        String name = file.name();
        boolean candidate = (name.equals(".env") || name.startsWith(".env.") || Candidates.extension(name).equals("env"))
                && !TEMPLATES.contains(Candidates.extension(name));
        return candidate && Candidates.small(file) && !Candidates.vendored(file.path())
                ? new SmallFileConsumer((content, sink) -> check(file.path(), content, sink)) : null;
    }

    private static void check(String path, byte[] content, EvidenceSink sink) {
        Set<String> names = new LinkedHashSet<>();
        for (String line : new String(content, StandardCharsets.UTF_8).split("\r?\n")) {
            String l = line.strip();
            if (l.startsWith("export ")) {
                l = l.substring("export ".length()).strip();
            }
            int eq = l.indexOf('=');
            if (l.startsWith("#") || eq <= 0) {
                continue;
            }
            String key = l.substring(0, eq).strip();
            String value = l.substring(eq + 1).strip();
            if (Secrets.realValue(value) && (Secrets.secretName(key) || Secrets.AWS_KEY_ID.matcher(value).find()
                    || Secrets.URL_WITH_PASSWORD.matcher(value).find())) {
                names.add(key);
            }
        }
        if (names.isEmpty()) {
            return;
        }
        String at = Secrets.absolute(path);
        sink.add(new Evidence.FindingFound(path, new Finding("env-file-secret", Severity.HIGH, at,
                at + " sets " + String.join(", ", names) + " to secret values: keep .env files out of the image"
                        + " (.dockerignore) and pass secrets at run time.")));
    }
}
