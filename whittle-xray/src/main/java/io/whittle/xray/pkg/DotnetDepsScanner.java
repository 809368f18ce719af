package io.whittle.xray.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.FileInfo;
import java.util.List;
import java.util.Map;

/** .NET dependencies from {@code *.deps.json}: each {@code libraries} entry "Name/Version" of type package. */
final class DotnetDepsScanner implements ContentScanner {
    static final String TYPE = "nuget";
    private static final long MAX_SIZE = 64L * 1024 * 1024;

    @Override
    public FileConsumer open(FileInfo file) {
        return file.name().endsWith(".deps.json") && file.size() <= MAX_SIZE ? new Deps(file.path()) : null;
    }

    private static final class Deps extends JsonConsumer {
        private final String path;

        Deps(String path) {
            super(MAX_SIZE);
            this.path = path;
        }

        @Override
        void json(JsonNode root, EvidenceSink sink) {
            for (Map.Entry<String, JsonNode> library : root.path("libraries").properties()) {
                String key = library.getKey();
                int slash = key.lastIndexOf('/');
                if (slash <= 0 || slash == key.length() - 1 || !text(library.getValue(), "type").equals("package")) {
                    continue;
                }
                String name = key.substring(0, slash);
                String version = key.substring(slash + 1);
                String purl = Purls.of(TYPE, null, name, version);
                sink.add(new Evidence.PackageFound(path, new Package(TYPE, name, version, purl, List.of(), path,
                        List.of())));
            }
        }
    }
}
