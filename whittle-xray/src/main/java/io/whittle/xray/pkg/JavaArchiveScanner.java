package io.whittle.xray.pkg;

import io.whittle.xray.scan.ContentScanner;
import io.whittle.xray.scan.Evidence;
import io.whittle.xray.scan.EvidenceSink;
import io.whittle.xray.scan.FileConsumer;
import io.whittle.xray.scan.FileInfo;
import io.whittle.xray.scan.Spool;
import io.whittle.xray.scan.SpooledConsumer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Java archives (jar, war, ear, Jenkins jpi/hpi): a Maven package per {@code pom.properties}, else one from
 * {@code META-INF/MANIFEST.MF} or the file name; jars nested in the archive (WEB-INF/lib, BOOT-INF/lib, lib/,
 * anywhere) are read as streams, to a limited depth. The outer archive is spooled so that {@link ZipFile} can use
 * its central directory.
 */
final class JavaArchiveScanner implements ContentScanner {
    static final String TYPE = "maven";
    private static final long MAX_ARCHIVE = 2L * 1024 * 1024 * 1024;
    private static final int MEMORY = 1024 * 1024;
    private static final int MAX_DEPTH = 3;
    private static final int MAX_SMALL_ENTRY = 1024 * 1024;
    private static final int MAX_ENTRIES = 200_000;
    private static final Pattern FILE_NAME = Pattern.compile("(.+?)-(\\d[\\w.+-]*)\\.[a-z]+");

    @Override
    public FileConsumer open(FileInfo file) {
        return archive(file.name()) && file.size() > 22 && file.size() <= MAX_ARCHIVE ? new Archive(file.path())
                : null;
    }

    static boolean archive(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".jar") || lower.endsWith(".war") || lower.endsWith(".ear") || lower.endsWith(".jpi")
                || lower.endsWith(".hpi");
    }

    private static final class Archive extends SpooledConsumer {
        private final String path;

        Archive(String path) {
            super(MEMORY, MAX_ARCHIVE);
            this.path = path;
        }

        @Override
        protected void read(Spool spool, EvidenceSink sink) throws IOException {
            List<Package> found = new ArrayList<>();
            if (spool.length() <= MEMORY && streamed(spool, found)) {
                found.forEach(p -> sink.add(new Evidence.PackageFound(path, p)));
                return;
            }
            found.clear();
            try (ZipFile zip = new ZipFile(spool.file().toFile())) {
                Contents contents = new Contents(path);
                int seen = 0;
                for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements() && seen++ < MAX_ENTRIES; ) {
                    ZipEntry entry = e.nextElement();
                    try (InputStream in = zip.getInputStream(entry)) {
                        contents.entry(entry, in, 1, found);
                    }
                }
                contents.finish(found);
            } catch (java.util.zip.ZipException e) {
                return; // not a zip after all (or damaged): no packages from it
            }
            found.forEach(p -> sink.add(new Evidence.PackageFound(path, p)));
        }

        /** A small archive read from memory, sparing a temporary file; false when only ZipFile can read it. */
        private boolean streamed(Spool spool, List<Package> found) {
            try (InputStream in = spool.open()) {
                Contents contents = new Contents(path);
                if (contents.read(in, 1, found) == 0) {
                    return false; // not a zip: ZipFile says so
                }
                contents.finish(found);
                return true;
            } catch (IOException | IllegalArgumentException e) {
                return false;
            }
        }
    }

    /** What one archive (outer or nested) holds, gathered entry by entry. */
    private static final class Contents {
        private final String location;
        private final List<Properties> poms = new ArrayList<>();
        private Manifest manifest;

        Contents(String location) {
            this.location = location;
        }

        void entry(ZipEntry entry, InputStream in, int depth, List<Package> found) throws IOException {
            String name = entry.getName();
            if (entry.isDirectory()) {
                return;
            }
            if (name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties")) {
                Properties properties = new Properties();
                properties.load(new ByteArrayInputStream(in.readNBytes(MAX_SMALL_ENTRY)));
                poms.add(properties);
            } else if (name.equals("META-INF/MANIFEST.MF")) {
                manifest = new Manifest(new ByteArrayInputStream(in.readNBytes(MAX_SMALL_ENTRY)));
            } else if (depth < MAX_DEPTH && archive(name)) {
                nested(location + "!/" + name, in, depth + 1, found);
            }
        }

        private static void nested(String location, InputStream in, int depth, List<Package> found) {
            Contents contents = new Contents(location);
            try {
                contents.read(in, depth, found);
            } catch (IOException | IllegalArgumentException e) {
                // a damaged nested archive: keep what was read before the damage
            }
            contents.finish(found);
        }

        /** Reads the archive entry by entry from a stream (no central directory needed); answers the entry count. */
        int read(InputStream in, int depth, List<Package> found) throws IOException {
            ZipInputStream zip = new ZipInputStream(in);
            int seen = 0;
            for (ZipEntry entry; seen < MAX_ENTRIES && (entry = zip.getNextEntry()) != null; seen++) {
                entry(entry, zip, depth, found);
            }
            return seen;
        }

        void finish(List<Package> found) {
            String fileName = Paths.name(location);
            boolean any = false;
            for (Properties pom : poms) {
                String group = pom.getProperty("groupId", "").strip();
                String artifact = pom.getProperty("artifactId", "").strip();
                String version = pom.getProperty("version", "").strip();
                if (!group.isEmpty() && !artifact.isEmpty() && !version.isEmpty()) {
                    found.add(maven(group, artifact, version, licenses()));
                    any = true;
                }
            }
            if (any) {
                return;
            }
            Optional<String[]> fromName = fromFileName(fileName);
            String artifact = first(attribute("Implementation-Title"), symbolicName(), fromName.map(n -> n[0]))
                    .orElse(fileName);
            String version = first(attribute("Implementation-Version"), attribute("Bundle-Version"),
                    attribute("Specification-Version"), fromName.map(n -> n[1])).orElse("");
            if (version.isEmpty()) {
                return;
            }
            String group = first(attribute("Implementation-Vendor-Id"), symbolicName()
                    .filter(s -> s.lastIndexOf('.') > 0).map(s -> s.substring(0, s.lastIndexOf('.'))))
                    .orElse(artifact);
            found.add(maven(group, artifact, version, licenses()));
        }

        private Package maven(String group, String artifact, String version, List<String> licenses) {
            String purl = Purls.of(TYPE, group, artifact, version);
            return new Package(TYPE, artifact, version, purl, licenses, location, List.of());
        }

        private Optional<String> attribute(String name) {
            if (manifest == null) {
                return Optional.empty();
            }
            String value = manifest.getMainAttributes().getValue(new Attributes.Name(name));
            return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
        }

        /** Bundle-SymbolicName without its directives ("org.foo.bar;singleton:=true"). */
        private Optional<String> symbolicName() {
            return attribute("Bundle-SymbolicName").map(s -> s.split(";")[0].strip()).filter(s -> !s.isEmpty());
        }

        private List<String> licenses() {
            return attribute("Bundle-License").map(l -> List.of(l.split(",")[0].strip())).orElse(List.of());
        }

        @SafeVarargs
        private static Optional<String> first(Optional<String>... choices) {
            for (Optional<String> choice : choices) {
                if (choice.isPresent()) {
                    return choice;
                }
            }
            return Optional.empty();
        }

        private static Optional<String[]> fromFileName(String fileName) {
            Matcher m = FILE_NAME.matcher(fileName);
            return m.matches() ? Optional.of(new String[] {m.group(1), m.group(2)}) : Optional.empty();
        }
    }

}
