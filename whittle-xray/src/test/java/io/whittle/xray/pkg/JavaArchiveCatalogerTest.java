package io.whittle.xray.pkg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real jars from the local Maven repository, whose coordinates the repository layout itself says, alone and
 * nested in a war and a Spring Boot style fat jar built here.
 */
class JavaArchiveCatalogerTest {
    private static final Path M2 = Path.of(System.getProperty("user.home"), ".m2/repository");

    /** A jar in the local repository: its path and the purl its coordinates make. */
    record Jar(Path path, String purl) {
    }

    private static Jar jar(String group, String artifact, String version) {
        Path path = M2.resolve(group.replace('.', '/')).resolve(artifact).resolve(version)
                .resolve(artifact + "-" + version + ".jar");
        assertThat(path).as("the test needs %s:%s:%s in ~/.m2 (mvn dependency:get)", group, artifact, version)
                .exists();
        return new Jar(path, "pkg:maven/" + group + "/" + artifact + "@" + version);
    }

    // pom.properties inside
    private static final Jar DATABIND = jar("com.fasterxml.jackson.core", "jackson-databind", "2.18.2");
    private static final Jar COMPRESS = jar("org.apache.commons", "commons-compress", "1.26.0");
    // MANIFEST.MF only (Implementation-Vendor-Id, Implementation-Title, Implementation-Version)
    private static final Jar ZSTD = jar("com.github.luben", "zstd-jni", "1.5.5-11");

    @Test
    void plainJarsFromPomPropertiesOrManifest(@TempDir Path root) throws IOException {
        Path lib = Files.createDirectories(root.resolve("opt/app/lib"));
        for (Jar jar : List.of(DATABIND, COMPRESS, ZSTD)) {
            Files.copy(jar.path(), lib.resolve(jar.path().getFileName()));
        }
        ScanHarness.Result r = ScanHarness.scan(root);
        assertThat(r.ofType("maven")).extracting(Package::purl)
                .containsExactlyInAnyOrder(DATABIND.purl(), COMPRESS.purl(), ZSTD.purl());
        Package zstd = r.ofType("maven").stream().filter(p -> p.name().equals("zstd-jni")).findFirst().orElseThrow();
        assertThat(zstd.location()).isEqualTo("opt/app/lib/zstd-jni-1.5.5-11.jar");
        assertThat(zstd.licenses()).containsExactly("https://opensource.org/licenses/BSD-2-Clause;description=BSD 2-Clause License");
    }

    @Test
    void nestedJarsInAWarAndAFatJarToTheDepthLimit(@TempDir Path root) throws IOException {
        Path work = Files.createDirectories(root.resolve("work"));
        // depth 3: inside a jar inside a jar inside the war; depth 4 is past the limit
        Path tooDeep = zip(work.resolve("deep.jar"), Map.of("lib/zstd.jar", ZSTD.path()), false);
        Path boot = zip(work.resolve("boot.jar"), Map.of("BOOT-INF/lib/commons-compress.jar", COMPRESS.path(),
                "BOOT-INF/lib/deep.jar", tooDeep), true);
        Path app = Files.createDirectories(root.resolve("srv"));
        zip(app.resolve("shop.war"), Map.of("WEB-INF/lib/jackson-databind-2.18.2.jar", DATABIND.path(),
                "WEB-INF/lib/boot.jar", boot), false);
        for (Path p : List.of(tooDeep, boot)) {
            Files.delete(p);
        }
        Files.delete(work);
        ScanHarness.Result r = ScanHarness.scan(root);
        assertThat(r.ofType("maven")).extracting(Package::purl, Package::location).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(DATABIND.purl(), "srv/shop.war!/WEB-INF/lib/jackson-databind-2.18.2.jar"),
                org.assertj.core.groups.Tuple.tuple(COMPRESS.purl(),
                        "srv/shop.war!/WEB-INF/lib/boot.jar!/BOOT-INF/lib/commons-compress.jar"));
    }

    @Test
    void manifestOnlyAndFileNameFallbacksAndGarbage(@TempDir Path root) throws IOException {
        Path dir = Files.createDirectories(root.resolve("usr/share/java"));
        writeZip(dir.resolve("osgi.jar"), Map.of("META-INF/MANIFEST.MF", ("Manifest-Version: 1.0\r\n"
                + "Bundle-SymbolicName: org.example.widgets;singleton:=true\r\nBundle-Version: 3.1.0.v2024\r\n"
                + "Bundle-License: Apache-2.0\r\n\r\n").getBytes()), false);
        writeZip(dir.resolve("plain-tool-4.5.6.jar"), Map.of("a/B.class", new byte[] {1, 2, 3}), false);
        Files.write(dir.resolve("broken.jar"), new byte[4096]);
        Files.write(dir.resolve("not-a-zip-1.0.jar"), "PK but not really".getBytes());
        // bigger than what is read from memory: through a temporary file and ZipFile
        byte[] big = new byte[3 << 20];
        new java.util.Random(1).nextBytes(big);
        writeZip(dir.resolve("big-data-2.0.jar"), Map.of("data.bin", big), true);
        ScanHarness.Result r = ScanHarness.scan(root);
        assertThat(r.ofType("maven")).extracting(Package::purl).containsExactlyInAnyOrder(
                "pkg:maven/org.example/org.example.widgets@3.1.0.v2024",
                "pkg:maven/plain-tool/plain-tool@4.5.6", "pkg:maven/big-data/big-data@2.0");
    }

    private static Path zip(Path target, Map<String, Path> entries, boolean stored) throws IOException {
        Map<String, byte[]> bytes = new java.util.TreeMap<>();
        for (var e : entries.entrySet()) {
            bytes.put(e.getKey(), Files.readAllBytes(e.getValue()));
        }
        bytes.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\n\r\n".getBytes());
        writeZip(target, bytes, stored);
        return target;
    }

    /** Spring Boot stores nested jars uncompressed; wars usually deflate them. */
    private static void writeZip(Path target, Map<String, byte[]> entries, boolean stored) throws IOException {
        try (OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var e : new java.util.TreeMap<>(entries).entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                if (stored) {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setMethod(ZipEntry.STORED);
                    entry.setSize(e.getValue().length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
    }
}
