package io.whittle.xray.pkg;

import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.FileInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * dpkg: the status database ({@code var/lib/dpkg/status}, and one file per package in distroless
 * {@code var/lib/dpkg/status.d/}) and the owned-file lists {@code var/lib/dpkg/info/NAME[:ARCH].list}.
 */
final class DpkgScanner implements ContentScanner {
    static final String TYPE = "deb";
    private static final String STATUS = "var/lib/dpkg/status";
    private static final String STATUS_D = "var/lib/dpkg/status.d/";
    private static final String INFO = "var/lib/dpkg/info/";
    private static final long MAX_STATUS = 256L * 1024 * 1024;
    private static final long MAX_LIST = 64L * 1024 * 1024;

    @Override
    public FileConsumer open(FileInfo file) {
        String path = file.path();
        if (path.equals(STATUS) || path.startsWith(STATUS_D) && path.indexOf('/', STATUS_D.length()) < 0
                && !path.endsWith(".md5sums")) {
            return file.size() <= MAX_STATUS ? new Status(path) : null;
        }
        if (path.startsWith(INFO) && path.endsWith(".list") && path.indexOf('/', INFO.length()) < 0
                && file.size() <= MAX_LIST) {
            String name = path.substring(INFO.length(), path.length() - ".list".length());
            int colon = name.indexOf(':');
            return new FileList(path, colon < 0 ? name : name.substring(0, colon));
        }
        return null;
    }

    /** RFC 822-like paragraphs, one per package; continuation lines (starting with a blank) are skipped. */
    private static final class Status extends LineConsumer {
        private final String path;
        private final List<Package> found = new ArrayList<>();
        private final Map<String, String> fields = new HashMap<>();

        Status(String path) {
            this.path = path;
        }

        @Override
        void line(String text) {
            if (text.isBlank()) {
                paragraph();
                return;
            }
            if (text.startsWith(" ") || text.startsWith("\t")) {
                return;
            }
            int colon = text.indexOf(':');
            if (colon > 0) {
                fields.put(text.substring(0, colon), text.substring(colon + 1).strip());
            }
        }

        private void paragraph() {
            if (fields.isEmpty()) {
                return;
            }
            String name = fields.get("Package");
            String version = fields.get("Version");
            String status = fields.getOrDefault("Status", "install ok installed");
            // distroless status.d files carry no Status field: they only list installed packages
            if (name != null && version != null && status.endsWith(" installed")) {
                String arch = fields.getOrDefault("Architecture", "");
                String purl = Purls.of(TYPE, "debian", name, version, Map.of("arch", arch));
                found.add(new Package(TYPE, name, version, purl, List.of(), path, List.of()));
            }
            fields.clear();
        }

        @Override
        void end(EvidenceSink sink) {
            paragraph();
            found.forEach(p -> sink.add(new Evidence.PackageFound(path, p)));
        }
    }

    /** One absolute path a line; "/." is the root every package lists. */
    private static final class FileList extends LineConsumer {
        private final String path;
        private final String packageName;
        private final List<String> files = new ArrayList<>();

        FileList(String path, String packageName) {
            this.path = path;
            this.packageName = packageName;
        }

        @Override
        void line(String text) {
            String cleaned = Paths.clean(text);
            if (!cleaned.isEmpty()) {
                files.add(cleaned);
            }
        }

        @Override
        void end(EvidenceSink sink) {
            sink.add(new Evidence.OwnedFiles(path, TYPE, packageName, files));
        }
    }
}
