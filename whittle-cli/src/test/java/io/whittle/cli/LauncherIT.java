package io.whittle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.RegistryExtension;
import io.whittle.testkit.TestImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/whittle} as a user runs it: a separate process on the packaged jars (this runs after
 * {@code package}, under failsafe), with its start-up archive (lib/startup.sh).
 */
class LauncherIT {
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
    private static final Path JAR = ROOT.resolve("whittle-cli/target/whittle-cli.jar");

    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.noAuth();

    /** Shared by the tests that do not look at the archive. */
    @TempDir
    static Path cache;

    record Run(int exitCode, String stdout, String stderr) {
    }

    private Run whittle(String... args) throws IOException, InterruptedException {
        return whittle(Map.of(), args);
    }

    /** Runs bin/whittle with these environment variables on top of the defaults below. */
    private Run whittle(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(cache, "out", ".txt");
        Path err = Files.createTempFile(cache, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(ROOT.resolve("bin/whittle").toString()),
                Stream.of(args)).toList());
        // Never build from inside the build: the jars were just packaged.
        pb.environment().put("WHITTLE_BUILD", "never");
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        pb.environment().put("DOCKER_CONFIG", cache.toString());
        pb.environment().put("WHITTLE_DATA_DIR", cache.resolve("data").toString());
        // Trained before the command rather than in the background, so that no trainer outlives a test; the
        // background mode has a test of its own.
        pb.environment().put("WHITTLE_ARCHIVE", "sync");
        pb.environment().remove("WHITTLE_ARCHIVE_KIND");
        pb.environment().putAll(env);
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("bin/whittle finished within a minute").isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static Map<String, String> env(Path cacheHome, String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("XDG_CACHE_HOME", cacheHome.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    /** The archives in a cache home ({@code .aot} from JDK 25 on, {@code .cds} before, or as forced). */
    private static List<Path> archives(Path cacheHome) throws IOException {
        Path dir = cacheHome.resolve("whittle");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".aot") || f.toString().endsWith(".cds")).toList();
        }
    }

    /** The classes a run loaded and where from, from its -Xlog:class+load file. */
    private static Map<String, String> loadedClasses(Path log) throws IOException {
        Map<String, String> sources = new HashMap<>();
        // Lines look like "[0.013s][info][class,load] java.lang.Object source: shared objects file".
        for (String l : Files.readAllLines(log)) {
            int at = l.indexOf(" source: ");
            if (at > 0) {
                sources.put(l.substring(l.indexOf("] ", l.indexOf("class,load")) + 2, at), l.substring(at + 9));
            }
        }
        return sources;
    }

    @Test
    void versionRunsOnThePackagedJarsAndATrainedArchiveServesTheCommands(@TempDir Path home) throws Exception {
        Run first = whittle(env(home, "WHITTLE_ARCHIVE", "sync"), "--version");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.stdout()).isEqualTo("whittle " + Version.current() + "\n");
        assertThat(first.stderr()).isEmpty();
        assertThat(archives(home)).singleElement().satisfies(a -> assertThat(Files.size(a)).isPositive());

        Path log = home.resolve("classes.log");
        Run help = whittle(env(home, "WHITTLE_JAVA_OPTS", "-Xlog:class+load=info:file=" + log), "copy", "--help");
        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.stderr()).isEmpty();
        Map<String, String> loaded = loadedClasses(log);
        // picocli is compiled into the CLI's jar for a current class-file version, so the archive can hold it.
        assertThat(loaded.get("picocli.CommandLine")).startsWith("shared objects file");
        assertThat(loaded.get("io.whittle.cli.CopyCommand")).startsWith("shared objects file");
    }

    @Test
    void copyHasAnArchiveOfItsOwnWithoutTheOtherCommands(@TempDir Path home) throws Exception {
        assertThat(whittle(env(home), "--help").exitCode()).isZero();
        assertThat(archives(home)).singleElement();
        // The command is found past the global options, as Whittle finds it.
        assertThat(whittle(env(home), "-o", "json", "copy", "--help").exitCode()).isZero();
        assertThat(archives(home)).hasSize(2)
                .anyMatch(a -> a.getFileName().toString().matches("whittle-\\d+-[0-9a-f]{8}-copy\\.(aot|cds)"));

        Path log = home.resolve("classes.log");
        Run copy = whittle(env(home, "WHITTLE_JAVA_OPTS", "-Xlog:class+load=info:file=" + log), "copy", "--help");
        assertThat(copy.exitCode()).as(copy.toString()).isZero();
        Map<String, String> loaded = loadedClasses(log);
        assertThat(loaded.get("io.whittle.cli.CopyCommand")).startsWith("shared objects file");
        // The JVM loads every class of an AOT cache as it starts: none of the other commands' is among them.
        assertThat(loaded).doesNotContainKeys("io.whittle.cli.InspectCommand", "io.whittle.cli.TagsCommand");
    }

    @Test
    void versionLoadsNeitherHttpNorJsonNorPicocli() throws Exception {
        Path log = cache.resolve("classes.log");
        Run r = whittle(Map.of("WHITTLE_JAVA_OPTS", "-Xlog:class+load=info:file=" + log), "--version");
        assertThat(r.exitCode()).isZero();
        assertThat(loadedClasses(log).keySet()).contains("io.whittle.cli.Main")
                .noneMatch(c -> c.startsWith("org.apache.hc") || c.startsWith("com.fasterxml") || c.startsWith("picocli"));
    }

    @Test
    void withoutAnArchiveTheCommandRunsAtOnceAndTheArchiveIsTrainedInTheBackground(@TempDir Path home)
            throws Exception {
        Run r = whittle(env(home, "WHITTLE_ARCHIVE", "auto"), "copy", "--help");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stderr()).isEmpty();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (archives(home).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(archives(home)).as("the background training wrote the archive").hasSize(1);
        // Nothing half-written is left beside it.
        try (Stream<Path> files = Files.list(home.resolve("whittle"))) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void aStaleArchiveIsTrainedAgainAndReplaced(@TempDir Path home) throws Exception {
        assertThat(whittle(env(home, "WHITTLE_ARCHIVE", "sync"), "copy", "--help").exitCode()).isZero();
        Path archive = archives(home).getFirst();
        // As if the jars had been rebuilt after it.
        FileTime old = FileTime.from(Files.getLastModifiedTime(JAR).toInstant().minusSeconds(3600));
        Files.setLastModifiedTime(archive, old);
        assertThat(whittle(env(home, "WHITTLE_ARCHIVE", "sync"), "copy", "--help").exitCode()).isZero();
        assertThat(archives(home)).containsExactly(archive);
        assertThat(Files.getLastModifiedTime(archive).toInstant()).isAfter(Files.getLastModifiedTime(JAR).toInstant());
    }

    @Test
    void theJdk21PathMakesAnAppCdsArchiveThatHoldsTheCli(@TempDir Path home) throws Exception {
        Map<String, String> cds = env(home, "WHITTLE_ARCHIVE", "sync", "WHITTLE_ARCHIVE_KIND", "cds");
        assertThat(whittle(cds, "copy", "--help").exitCode()).isZero();
        assertThat(archives(home)).singleElement().satisfies(a -> assertThat(a.toString()).endsWith(".cds"));
        Path log = home.resolve("classes.log");
        cds.put("WHITTLE_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
        Run r = whittle(cds, "copy", "--help");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(loadedClasses(log).get("picocli.CommandLine")).startsWith("shared objects file");
    }

    @Test
    void anUnusableCacheDirectoryIsNoFailure(@TempDir Path home) throws Exception {
        // A cache "directory" under a regular file can be neither made nor written, even by root.
        Path file = Files.writeString(home.resolve("not-a-directory"), "x");
        Run r = whittle(env(file.resolve("cache"), "WHITTLE_ARCHIVE", "sync"), "copy", "--help");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("--all-platforms");
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void aDamagedArchiveIsIgnored(@TempDir Path home) throws Exception {
        assertThat(whittle(env(home, "WHITTLE_ARCHIVE", "sync"), "copy", "--help").exitCode()).isZero();
        Path archive = archives(home).getFirst();
        byte[] bytes = Files.readAllBytes(archive);
        Files.write(archive, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        // Still newer than the jars, so not retrained: the JVM must notice the damage and run without it.
        Files.setLastModifiedTime(archive, FileTime.from(Instant.now()));
        Run r = whittle(env(home), "copy", "--help");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("--all-platforms");
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void failuresKeepTheirExitCodesThroughTheLauncher() throws Exception {
        Run usage = whittle("inspect", "Not/A/Valid/Ref");
        assertThat(usage.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(usage.stderr()).startsWith("whittle: ").hasLineCount(1);

        Run missing = whittle("inspect", REGISTRY.server().hostPort() + "/no/such:tag");
        assertThat(missing.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(missing.stderr()).startsWith("whittle: ").hasLineCount(1);
    }

    @Test
    void inspectsAndCopiesAsAProcess() throws Exception {
        TestImage image;
        try (ImageFactory f = ImageFactory.temporary()) {
            image = f.smallImage(ImageFormat.OCI, "launcher");
            image.push(REGISTRY.server().url(), "launcher/app", "1");
        }
        String host = REGISTRY.server().hostPort();
        Run digest = whittle("digest", host + "/launcher/app:1");
        assertThat(digest.exitCode()).as(digest.toString()).isZero();
        assertThat(digest.stdout().strip()).isEqualTo(image.digest().toString());

        Run copy = whittle("copy", host + "/launcher/app:1", "oci:" + cache.resolve("layout") + ":1");
        assertThat(copy.exitCode()).as(copy.toString()).isZero();
        // Not a terminal: plain progress lines, no escape sequences.
        assertThat(copy.stderr()).contains("manifest " + image.digest().shortForm()).doesNotContain("\u001b[");
        assertThat(Files.isRegularFile(cache.resolve("layout/index.json"))).isTrue();
    }

    @Test
    void successEndsByReturningFromMainAndFailureByExit() throws Exception {
        // System.exit logs "Runtime.exit() called" to the java.lang.Runtime logger, seen here through java.util.logging.
        Path logging = Files.writeString(cache.resolve("logging.properties"), String.join("\n",
                "handlers=java.util.logging.ConsoleHandler", "java.util.logging.ConsoleHandler.level=ALL",
                "java.lang.Runtime.level=ALL", ""));
        Map<String, String> env = Map.of("WHITTLE_JAVA_OPTS", "-Djava.util.logging.config.file=" + logging);
        Path layout = cache.resolve("exit-layout");
        try (ImageFactory f = ImageFactory.temporary()) {
            f.smallImage(ImageFormat.OCI, "exit").writeLayout(layout, "1");
        }
        Run ok = whittle(env, "copy", "oci:" + layout + ":1", "oci:" + cache.resolve("exit-copy") + ":1");
        assertThat(ok.exitCode()).as(ok.toString()).isZero();
        assertThat(ok.stderr()).doesNotContain("Runtime.exit");

        Run failed = whittle(env, "inspect", "oci:" + cache.resolve("no-such-layout") + ":1");
        assertThat(failed.exitCode()).as(failed.toString()).isNotZero();
        assertThat(failed.stderr()).contains("Runtime.exit");
    }
}
