package io.whittle.xray.pkg;

import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.FileInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code etc/os-release}, {@code usr/lib/os-release}, {@code etc/debian_version} and
 * {@code etc/alpine-release}; {@link Catalogers#os} decides between them.
 */
final class OsReleaseScanner implements ContentScanner {
    static final String ETC_OS_RELEASE = "etc/os-release";
    static final String USR_OS_RELEASE = "usr/lib/os-release";
    static final String DEBIAN_VERSION = "etc/debian_version";
    static final String ALPINE_RELEASE = "etc/alpine-release";
    private static final long MAX_SIZE = 64 * 1024;

    @Override
    public FileConsumer open(FileInfo file) {
        if (file.size() > MAX_SIZE) {
            return null;
        }
        return switch (file.path()) {
            case ETC_OS_RELEASE, USR_OS_RELEASE -> new OsReleaseFile(file.path());
            case DEBIAN_VERSION -> new VersionFile(file.path(), "debian");
            case ALPINE_RELEASE -> new VersionFile(file.path(), "alpine");
            default -> null;
        };
    }

    /** KEY=value lines, values optionally quoted (the os-release(5) format). */
    private static final class OsReleaseFile extends LineConsumer {
        private final String path;
        private final Map<String, String> fields = new HashMap<>();

        OsReleaseFile(String path) {
            this.path = path;
        }

        @Override
        void line(String text) {
            String line = text.strip();
            int eq = line.indexOf('=');
            if (line.startsWith("#") || eq <= 0) {
                return;
            }
            fields.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
        }

        @Override
        void end(EvidenceSink sink) {
            String id = fields.getOrDefault("ID", "").strip();
            if (id.isEmpty()) {
                id = "linux"; // os-release(5): ID defaults to "linux"
            }
            sink.add(new Evidence.OsFound(path, new OsRelease(id, field("VERSION_ID"), field("PRETTY_NAME"),
                    field("ID_LIKE"), field("VERSION_CODENAME"))));
        }

        private Optional<String> field(String key) {
            return Optional.ofNullable(fields.get(key)).filter(v -> !v.isBlank());
        }

        private static String unquote(String value) {
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            return value.replace("\\\"", "\"").replace("\\$", "$").replace("\\`", "`").replace("\\\\", "\\");
        }
    }

    /** A one-line version file: {@code etc/debian_version} ("12.5", or "trixie/sid"), {@code etc/alpine-release}. */
    private static final class VersionFile extends LineConsumer {
        private final String path;
        private final String id;
        private String first;

        VersionFile(String path, String id) {
            this.path = path;
            this.id = id;
        }

        @Override
        void line(String text) {
            if (first == null && !text.isBlank()) {
                first = text.strip();
            }
        }

        @Override
        void end(EvidenceSink sink) {
            if (first != null) {
                sink.add(new Evidence.OsFound(path, new OsRelease(id, Optional.of(first), Optional.empty(),
                        Optional.empty(), Optional.empty())));
            }
        }
    }
}
