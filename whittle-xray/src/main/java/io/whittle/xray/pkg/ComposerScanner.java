package io.whittle.xray.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.FileInfo;
import java.util.List;

/**
 * PHP packages installed by Composer: {@code vendor/composer/installed.json}, a list of packages (Composer 1) or
 * an object whose {@code packages} is that list (Composer 2).
 */
final class ComposerScanner implements ContentScanner {
    static final String TYPE = "composer";
    private static final long MAX_SIZE = 64L * 1024 * 1024;

    @Override
    public FileConsumer open(FileInfo file) {
        String path = file.path();
        return (path.equals("vendor/composer/installed.json") || path.endsWith("/vendor/composer/installed.json"))
                && file.size() <= MAX_SIZE ? new Installed(path) : null;
    }

    private static final class Installed extends JsonConsumer {
        private final String path;

        Installed(String path) {
            super(MAX_SIZE);
            this.path = path;
        }

        @Override
        void json(JsonNode root, EvidenceSink sink) {
            JsonNode list = root.isArray() ? root : root.path("packages");
            for (JsonNode entry : list) {
                String fullName = text(entry, "name");
                String version = text(entry, "version");
                int slash = fullName.indexOf('/');
                if (slash <= 0 || version.isEmpty()) {
                    continue;
                }
                String purl = Purls.of(TYPE, fullName.substring(0, slash), fullName.substring(slash + 1), version);
                sink.add(new Evidence.PackageFound(path, new Package(TYPE, fullName, version, purl,
                        licenses(entry.get("license")), path, List.of())));
            }
        }
    }
}
