package io.whittle.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.RegistryExtension;
import io.whittle.testkit.TestImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The app assembly as a user unpacks and runs it: its files, its class path, its launcher. */
class DistributionIT {
    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.noAuth();

    @TempDir
    Path scratch;

    @Test
    void versionRunsFromTheAssembly() throws Exception {
        Distribution.Run r = new Distribution(scratch).whittle(Map.of(), "--version");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("whittle " + Distribution.version() + "\n");
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void theLauncherRunsFromAnyDirectoryAndThroughASymlink() throws Exception {
        Path link = scratch.resolve("bin/whittle");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Distribution.dir().resolve("bin/whittle"));
        ProcessBuilder pb = new ProcessBuilder(link.toString(), "--version").directory(scratch.toFile());
        pb.environment().put("WHITTLE_ARCHIVE", "off");
        Distribution.Run r = Distribution.run(pb, 60);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).isEqualTo("whittle " + Distribution.version() + "\n");
    }

    @Test
    void theManifestJarNamesEveryJarOfLibOnceInTheClisOwnOrder() throws IOException {
        Path lib = Distribution.dir().resolve("lib");
        Manifest dist = manifest(lib.resolve("whittle.jar"));
        assertThat(dist.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS)).isEqualTo("io.whittle.cli.Main");
        List<String> classPath = classPath(dist);

        // Two artifacts that share a file name would leave one jar where the class path names two.
        assertThat(classPath).doesNotHaveDuplicates();
        Set<String> jars = new TreeSet<>();
        try (Stream<Path> files = Files.list(lib)) {
            files.map(f -> f.getFileName().toString()).forEach(jars::add);
        }
        jars.remove("whittle.jar");
        assertThat(new TreeSet<>(classPath)).as("lib/whittle.jar's Class-Path against lib/").isEqualTo(jars);

        // The CLI's jar lists its libraries (lib/GROUP.ARTIFACT.jar) in the order it wants lookups to try them: the same.
        String cliJar = classPath.getFirst();
        assertThat(cliJar).startsWith("io.whittle.whittle-cli-");
        List<String> cli = classPath(manifest(lib.resolve(cliJar))).stream()
                .map(e -> e.substring(e.lastIndexOf('/') + 1, e.length() - ".jar".length())).toList();
        List<String> rest = classPath.subList(1, classPath.size());
        assertThat(rest).hasSameSizeAs(cli);
        for (int i = 0; i < cli.size(); i++) {
            assertThat(rest.get(i)).as("class path entry %d after the CLI's jar", i).startsWith(cli.get(i) + "-");
        }
    }

    @Test
    void theTarballHoldsTheAssemblyUnderOneDirectoryWithItsModes() throws IOException {
        String base = "whittle-" + Distribution.version() + "/";
        Map<String, Integer> entries = new TreeMap<>();
        try (InputStream in = Files.newInputStream(Distribution.tarball());
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                if (!e.isDirectory()) {
                    assertThat(e.getName()).startsWith(base);
                    entries.put(e.getName().substring(base.length()), e.getMode() & 0777);
                }
            }
        }
        Set<String> files = new TreeSet<>();
        Path dir = Distribution.dir();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(f -> files.add(dir.relativize(f).toString()));
        }
        assertThat(entries.keySet()).isEqualTo(files);
        assertThat(entries).containsEntry("bin/whittle", 0755).containsEntry("bin/lib/java.sh", 0644)
                .containsEntry("bin/lib/startup.sh", 0644).containsEntry("lib/whittle.jar", 0644)
                .containsKey("README.md");
        assertThat(Files.isExecutable(dir.resolve("bin/whittle"))).isTrue();
    }

    @Test
    void aCommandRunsWithAStartUpArchiveTrainedForTheAssembly() throws Exception {
        TestImage image;
        try (ImageFactory f = ImageFactory.temporary()) {
            image = f.smallImage(ImageFormat.OCI, "dist");
            image.push(REGISTRY.server().url(), "dist/app", "1");
        }
        Path log = scratch.resolve("classes.log");
        Map<String, String> env = new HashMap<>();
        env.put("WHITTLE_ARCHIVE", "sync");
        env.put("WHITTLE_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
        Distribution.Run r = new Distribution(scratch).whittle(env, "digest",
                REGISTRY.server().hostPort() + "/dist/app:1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout().strip()).isEqualTo(image.digest().toString());
        assertThat(r.stderr()).isEmpty();

        Path cache = scratch.resolve("cache/whittle");
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("the archive in %s", cache).anyMatch(n -> n.endsWith(".aot") || n.endsWith(".cds"));
        }
        // The command's own classes came from the archive, so it matched the assembly's jars and this JDK.
        String loaded = Files.readAllLines(log).stream()
                .filter(l -> l.contains(" io.whittle.cli.DigestCommand ")).findFirst().orElse("");
        assertThat(loaded).as("how DigestCommand was loaded").contains("source: shared objects file");
    }

    private static Manifest manifest(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.getManifest();
        }
    }

    private static List<String> classPath(Manifest m) {
        String value = m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        assertThat(value).as("Class-Path").isNotBlank();
        return new ArrayList<>(Arrays.asList(value.trim().split("\\s+")));
    }
}
