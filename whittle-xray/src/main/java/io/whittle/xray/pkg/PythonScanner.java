package io.whittle.xray.pkg;

import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.FileInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Installed Python distributions: {@code *.dist-info/METADATA} with {@code RECORD}, and {@code *.egg-info/PKG-INFO}
 * (or a single-file {@code *.egg-info}) with {@code installed-files.txt}. Owned files are reported apart, keyed by
 * the metadata directory, and joined in {@link Catalogers#packages}.
 */
final class PythonScanner implements ContentScanner {
    static final String TYPE = "pypi";
    private static final long MAX_METADATA = 4L * 1024 * 1024;
    private static final long MAX_RECORD = 64L * 1024 * 1024;

    @Override
    public FileConsumer open(FileInfo file) {
        String path = file.path();
        String name = file.name();
        // The directory's suffix tested in place: a substring per file of the layer would cost more than the rest.
        int slash = path.lastIndexOf('/');
        if (path.startsWith(".dist-info", slash - ".dist-info".length())) {
            String dir = Paths.parent(path);
            if (name.equals("METADATA") && file.size() <= MAX_METADATA) {
                return new Metadata(path);
            }
            if (name.equals("RECORD") && file.size() <= MAX_RECORD) {
                return new Record(path, dir, Paths.parent(dir), true);
            }
        } else if (path.startsWith(".egg-info", slash - ".egg-info".length())) {
            String dir = Paths.parent(path);
            if (name.equals("PKG-INFO") && file.size() <= MAX_METADATA) {
                return new Metadata(path);
            }
            if (name.equals("installed-files.txt") && file.size() <= MAX_RECORD) {
                return new Record(path, dir, dir, false);
            }
        } else if (name.endsWith(".egg-info") && file.size() <= MAX_METADATA) {
            return new Metadata(path);
        }
        return null;
    }

    /** The directory a package's owned files are keyed by: its metadata directory, or a single-file egg-info. */
    static String metadataKey(String location) {
        return location.endsWith(".egg-info") ? location : Paths.parent(location);
    }

    /** The email-header part of the core metadata (up to the first blank line). */
    private static final class Metadata extends LineConsumer {
        private final String path;
        private final Map<String, String> fields = new LinkedHashMap<>();
        private final List<String> classifierLicenses = new ArrayList<>();
        private String last;
        private boolean body;

        Metadata(String path) {
            this.path = path;
        }

        @Override
        void line(String text) {
            if (body) {
                return;
            }
            if (text.isEmpty()) {
                body = true;
                return;
            }
            if (text.startsWith(" ") || text.startsWith("\t")) {
                if (last != null) {
                    fields.put(last, fields.get(last) + "\n" + text.strip());
                }
                return;
            }
            int colon = text.indexOf(':');
            if (colon <= 0) {
                return;
            }
            String key = text.substring(0, colon).strip();
            String value = text.substring(colon + 1).strip();
            if (key.equalsIgnoreCase("Classifier") && value.startsWith("License ::")) {
                String[] parts = value.split("::");
                String license = parts[parts.length - 1].strip();
                if (!license.isEmpty() && !license.equals("OSI Approved")) {
                    classifierLicenses.add(license);
                }
            }
            fields.putIfAbsent(key, value);
            last = key;
        }

        @Override
        void end(EvidenceSink sink) {
            String name = fields.getOrDefault("Name", "").strip();
            String version = fields.getOrDefault("Version", "").strip();
            if (name.isEmpty() || version.isEmpty()) {
                return;
            }
            String purl = Purls.of(TYPE, null, Purls.pypiName(name), version);
            sink.add(new Evidence.PackageFound(path, new Package(TYPE, name, version, purl, licenses(), path,
                    List.of())));
        }

        private List<String> licenses() {
            String expression = fields.getOrDefault("License-Expression", "").strip();
            if (!expression.isEmpty()) {
                return List.of(expression);
            }
            String license = fields.getOrDefault("License", "").strip();
            // a short License field names the license; a long one is the license text
            if (!license.isEmpty() && !license.equalsIgnoreCase("UNKNOWN") && !license.contains("\n")
                    && license.length() <= 80) {
                return List.of(license);
            }
            return List.copyOf(classifierLicenses);
        }
    }

    /** RECORD (CSV: path,hash,size; paths relative to site-packages) or installed-files.txt (relative to egg-info). */
    private static final class Record extends LineConsumer {
        private final String path;
        private final String key;
        private final String base;
        private final boolean csv;
        private final List<String> files = new ArrayList<>();

        Record(String path, String key, String base, boolean csv) {
            this.path = path;
            this.key = key;
            this.base = base;
            this.csv = csv;
        }

        @Override
        void line(String text) {
            if (text.isBlank()) {
                return;
            }
            String file = csv ? firstColumn(text) : text.strip();
            String resolved = Paths.resolve(base, file);
            if (!resolved.isEmpty()) {
                files.add(resolved);
            }
        }

        private static String firstColumn(String line) {
            if (!line.startsWith("\"")) {
                int comma = line.indexOf(',');
                return comma < 0 ? line : line.substring(0, comma);
            }
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        out.append('"');
                        i++;
                    } else {
                        break;
                    }
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }

        @Override
        void end(EvidenceSink sink) {
            sink.add(new Evidence.OwnedFiles(path, TYPE, key, files));
        }
    }
}
