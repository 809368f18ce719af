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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/whittle} as a user runs it: a separate process on the packaged jars (this runs after
 * {@code package}, under failsafe).
 */
class LauncherIT {
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();

    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.noAuth();

    /** Shared by the tests, so the launcher trains its class-data archive once. */
    @TempDir
    static Path cache;

    record Run(int exitCode, String stdout, String stderr) {
    }

    private Run whittle(String... args) throws IOException, InterruptedException {
        return whittleWith("", args);
    }

    private Run whittleWith(String javaOpts, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(cache, "out", ".txt");
        Path err = Files.createTempFile(cache, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(Stream.concat(Stream.of(ROOT.resolve("bin/whittle").toString()),
                Stream.of(args)).toList());
        // Never build from inside the build: the jars were just packaged.
        pb.environment().put("WHITTLE_BUILD", "never");
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        pb.environment().put("DOCKER_CONFIG", cache.toString());
        pb.environment().put("WHITTLE_JAVA_OPTS", javaOpts);
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("bin/whittle finished within a minute").isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void versionRunsOnThePackagedJarsAndLeavesAClassDataArchive() throws Exception {
        Run first = whittle("--version");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.stdout()).isEqualTo("whittle " + Version.current() + "\n");
        assertThat(first.stderr()).isEmpty();
        Run second = whittle("--version");
        assertThat(second.stdout()).isEqualTo(first.stdout());
        try (Stream<Path> files = Files.list(cache.resolve("whittle"))) {
            List<Path> archives = files.filter(f -> f.toString().endsWith(".jsa")).toList();
            assertThat(archives).hasSize(1);
            assertThat(Files.size(archives.getFirst())).isPositive();
        }
    }

    @Test
    void versionLoadsNeitherHttpNorJsonNorPicocli() throws Exception {
        Path log = cache.resolve("classes.log");
        Run r = whittleWith("-Xlog:class+load=info:file=" + log, "--version");
        assertThat(r.exitCode()).isZero();
        // Lines look like "[0.013s][info][class,load] java.lang.Object source: shared objects file".
        List<String> classes = Files.readAllLines(log).stream().filter(l -> l.contains(" source: "))
                .map(l -> l.substring(l.indexOf("] ", l.indexOf("class,load")) + 2, l.indexOf(" source: "))).toList();
        assertThat(classes).contains("io.whittle.cli.Main")
                .noneMatch(c -> c.startsWith("org.apache.hc") || c.startsWith("com.fasterxml") || c.startsWith("picocli"));
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
}
