package io.whittle.xray.pkg;

import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.FileInfo;
import io.whittle.xray.scan.Spool;
import io.whittle.xray.scan.SpooledConsumer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * rpm: {@code rpmdb.sqlite}, {@code Packages} (Berkeley DB) and {@code Packages.db} (ndb) under
 * {@code var/lib/rpm} or {@code usr/lib/sysimage/rpm}. The database is spooled (to disk past a few MiB) and
 * its header blobs parsed.
 */
final class RpmScanner implements ContentScanner {
    static final String TYPE = "rpm";
    private static final List<String> DIRS = List.of("var/lib/rpm/", "usr/lib/sysimage/rpm/");
    private static final long MAX_SIZE = 2L * 1024 * 1024 * 1024;
    private static final int MEMORY = 4 * 1024 * 1024;

    private enum Format { SQLITE, BDB, NDB }

    @Override
    public FileConsumer open(FileInfo file) {
        if (file.size() > MAX_SIZE) {
            return null;
        }
        for (String dir : DIRS) {
            if (file.path().startsWith(dir)) {
                Format format = switch (file.path().substring(dir.length())) {
                    case "rpmdb.sqlite" -> Format.SQLITE;
                    case "Packages" -> Format.BDB;
                    case "Packages.db" -> Format.NDB;
                    default -> null;
                };
                return format == null ? null : new Database(file.path(), format);
            }
        }
        return null;
    }

    private static final class Database extends SpooledConsumer {
        private final String path;
        private final Format format;

        Database(String path, Format format) {
            super(MEMORY, MAX_SIZE);
            this.path = path;
            this.format = format;
        }

        @Override
        protected void read(Spool spool, EvidenceSink sink) throws IOException {
            if (spool.length() == 0) {
                return;
            }
            Path file = spool.file();
            List<Package> found = new ArrayList<>();
            Consumer<byte[]> each = blob -> RpmHeader.parse(blob).ifPresent(h -> found.add(of(h)));
            switch (format) {
                case SQLITE -> RpmDatabase.sqlite(file, each);
                case BDB -> RpmDatabase.berkeleyDb(file, each);
                case NDB -> RpmDatabase.ndb(file, each);
            }
            found.forEach(p -> sink.add(new Evidence.PackageFound(path, p)));
        }

        private Package of(RpmHeader header) {
            String version = header.fullVersion();
            String purl = Purls.of(TYPE, null, header.name(), version, Map.of("arch", header.arch(),
                    "epoch", header.epoch().map(String::valueOf).orElse("")));
            return new Package(TYPE, header.name(), version, purl, header.license().stream().toList(), path,
                    header.files());
        }
    }
}
