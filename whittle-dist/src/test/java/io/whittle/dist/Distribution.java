package io.whittle.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged app assembly (target/whittle-VERSION/) and image tarball, as the pom tells the tests where they are,
 * and the assembly's {@code bin/whittle} run as a user runs it: a separate process with its own cache and data
 * directories.
 */
final class Distribution {
    private final Path home;
    private final Path scratch;

    /** The assembly's bin/whittle, keeping its cache and data directories under {@code scratch}. */
    Distribution(Path scratch) {
        this.home = dir();
        this.scratch = scratch;
    }

    /** What a process printed and how it ended. */
    record Run(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    static Path dir() {
        return Path.of(property("whittle.dist.dir"));
    }

    static Path tarball() {
        return Path.of(property("whittle.dist.tar"));
    }

    static Path imageTar() {
        return Path.of(property("whittle.image.tar"));
    }

    static boolean imageSkipped() {
        return Boolean.parseBoolean(property("whittle.image.skip"));
    }

    static String version() {
        return property("whittle.version");
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run this test through Maven"
                    + " (failsafe sets it from whittle-dist/pom.xml).");
        }
        return value;
    }

    Path home() {
        return home;
    }

    /** Runs bin/whittle with these arguments; {@code env} goes on top of a cache and data directory of its own. */
    Run whittle(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/whittle").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("XDG_CACHE_HOME", scratch.resolve("cache").toString());
        pb.environment().put("WHITTLE_DATA_DIR", scratch.resolve("data").toString());
        pb.environment().put("DOCKER_CONFIG", scratch.resolve("docker").toString());
        pb.environment().put("XDG_CONFIG_HOME", scratch.resolve("config").toString());
        // No archive trained in the background, which could outlive the test: each test says when it wants one.
        pb.environment().put("WHITTLE_ARCHIVE", "off");
        pb.environment().remove("WHITTLE_ARCHIVE_KIND");
        pb.environment().remove("WHITTLE_JAVA_OPTS");
        pb.environment().remove("WHITTLE_SERVER");
        pb.environment().putAll(env);
        return run(pb, 120);
    }

    /** Runs a process to its end (at most {@code seconds}), its output captured through files. */
    static Run run(ProcessBuilder pb, int seconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("whittle-dist-", ".out");
        Path err = Files.createTempFile("whittle-dist-", ".err");
        try {
            pb.redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            boolean finished = p.waitFor(seconds, TimeUnit.SECONDS);
            if (!finished) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            assertThat(finished).as("%s finished within %d s", pb.command(), seconds).isTrue();
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
