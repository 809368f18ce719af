package io.whittle.xray.pkg;

import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.FileInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Installed Ruby gems: {@code specifications/*.gemspec}, the Ruby the installer writes
 * ({@code s.name = "rake".freeze}, {@code s.version = "13.0.6"}, {@code s.licenses = ["MIT".freeze]}). Only these
 * literal assignments are read; the Ruby is never run.
 */
final class GemspecScanner implements ContentScanner {
    static final String TYPE = "gem";
    private static final long MAX_SIZE = 1024 * 1024;
    private static final Pattern ASSIGN = Pattern.compile("^\\s*\\w+\\.(name|version|licenses|license)\\s*=\\s*(.*)$");
    private static final Pattern QUOTED = Pattern.compile("[\"']([^\"']*)[\"']");

    @Override
    public FileConsumer open(FileInfo file) {
        return file.name().endsWith(".gemspec") && Paths.name(Paths.parent(file.path())).equals("specifications")
                && file.size() <= MAX_SIZE ? new Gemspec(file.path()) : null;
    }

    private static final class Gemspec extends LineConsumer {
        private final String path;
        private String name;
        private String version;
        private final List<String> licenses = new ArrayList<>();

        Gemspec(String path) {
            this.path = path;
        }

        @Override
        void line(String text) {
            Matcher m = ASSIGN.matcher(text);
            if (!m.matches()) {
                return;
            }
            List<String> values = new ArrayList<>();
            for (Matcher q = QUOTED.matcher(m.group(2)); q.find(); ) {
                values.add(q.group(1));
            }
            if (values.isEmpty()) {
                return;
            }
            switch (m.group(1)) {
                case "name" -> name = name == null ? values.getFirst() : name;
                case "version" -> version = version == null ? values.getFirst() : version;
                default -> values.stream().filter(v -> !v.isBlank() && !licenses.contains(v)).forEach(licenses::add);
            }
        }

        @Override
        void end(EvidenceSink sink) {
            if (name == null || version == null || name.isBlank() || version.isBlank()) {
                return;
            }
            String purl = Purls.of(TYPE, null, name, version);
            sink.add(new Evidence.PackageFound(path, new Package(TYPE, name, version, purl, licenses, path,
                    List.of())));
        }
    }
}
