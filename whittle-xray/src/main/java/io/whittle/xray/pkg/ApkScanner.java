package io.whittle.xray.pkg;

import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.FileInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * apk: {@code lib/apk/db/installed}, blank-line separated records of one-letter fields (P name, V version,
 * A arch, L license, F directory, R file in the last F directory).
 */
final class ApkScanner implements ContentScanner {
    static final String TYPE = "apk";
    private static final String INSTALLED = "lib/apk/db/installed";
    private static final long MAX_SIZE = 256L * 1024 * 1024;

    @Override
    public FileConsumer open(FileInfo file) {
        return file.path().equals(INSTALLED) && file.size() <= MAX_SIZE ? new Installed(file.path()) : null;
    }

    private static final class Installed extends LineConsumer {
        private final String path;
        private final List<Package> found = new ArrayList<>();
        private String name;
        private String version;
        private String arch = "";
        private String license;
        private String dir = "";
        private List<String> files = new ArrayList<>();

        Installed(String path) {
            this.path = path;
        }

        @Override
        void line(String text) {
            if (text.isBlank()) {
                record();
                return;
            }
            if (text.length() < 2 || text.charAt(1) != ':') {
                return;
            }
            String value = text.substring(2);
            switch (text.charAt(0)) {
                case 'P' -> name = value;
                case 'V' -> version = value;
                case 'A' -> arch = value;
                case 'L' -> license = value;
                case 'F' -> {
                    dir = Paths.clean(value);
                    if (!dir.isEmpty()) {
                        files.add(dir);
                    }
                }
                case 'R' -> files.add(Paths.resolve(dir, value));
                default -> {
                }
            }
        }

        private void record() {
            if (name != null && version != null) {
                String purl = Purls.of(TYPE, "alpine", name, version, Map.of("arch", arch));
                List<String> licenses = license == null || license.isBlank() ? List.of() : List.of(license.strip());
                found.add(new Package(TYPE, name, version, purl, licenses, path, files));
            }
            name = null;
            version = null;
            arch = "";
            license = null;
            dir = "";
            files = new ArrayList<>();
        }

        @Override
        void end(EvidenceSink sink) {
            record();
            found.forEach(p -> sink.add(new Evidence.PackageFound(path, p)));
        }
    }
}
