package io.whittle.xray.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.FileInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * npm packages installed under {@code node_modules}: {@code node_modules/NAME/package.json} and
 * {@code node_modules/@SCOPE/NAME/package.json} (package.json files elsewhere are projects, not installs).
 */
final class NpmScanner implements ContentScanner {
    static final String TYPE = "npm";
    private static final long MAX_SIZE = 4L * 1024 * 1024;

    @Override
    public FileConsumer open(FileInfo file) {
        if (!file.name().equals("package.json") || file.size() > MAX_SIZE) {
            return null;
        }
        String[] parts = file.path().split("/");
        int n = parts.length;
        boolean plain = n >= 3 && parts[n - 3].equals("node_modules") && !parts[n - 2].startsWith("@");
        boolean scoped = n >= 4 && parts[n - 4].equals("node_modules") && parts[n - 3].startsWith("@");
        return plain || scoped ? new Manifest(file.path()) : null;
    }

    private static final class Manifest extends JsonConsumer {
        private final String path;

        Manifest(String path) {
            super(MAX_SIZE);
            this.path = path;
        }

        @Override
        void json(JsonNode root, EvidenceSink sink) {
            String fullName = text(root, "name");
            String version = text(root, "version");
            if (fullName.isEmpty() || version.isEmpty()) {
                return;
            }
            String scope = null;
            String name = fullName;
            int slash = fullName.indexOf('/');
            if (fullName.startsWith("@") && slash > 0) {
                scope = fullName.substring(0, slash);
                name = fullName.substring(slash + 1);
            }
            List<String> licenses = new ArrayList<>(licenses(root.get("license")));
            licenses.addAll(licenses(root.get("licenses")));
            String purl = Purls.of(TYPE, scope, name, version);
            sink.add(new Evidence.PackageFound(path, new Package(TYPE, fullName, version, purl, licenses, path,
                    List.of())));
        }
    }
}
