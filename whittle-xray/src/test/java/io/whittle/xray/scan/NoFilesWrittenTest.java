package io.whittle.xray.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scanning hostile layers writes nothing anywhere: checked in a child JVM with empty temp and work dirs. */
class NoFilesWrittenTest {

    @Test
    void hostileLayersLeaveTempAndWorkingDirectoriesEmpty(@TempDir Path dir) throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        Path work = Files.createDirectory(dir.resolve("work"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-Djava.io.tmpdir=" + tmp,
                "-cp", System.getProperty("java.class.path"), HostileScanChild.class.getName()))
                .directory(work.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("anomalies=", "cut=CORRUPT", "spooledToDisk=true");
        assertThat(out).doesNotContain("entries=0 ");
        assertThat(list(tmp)).as("temp dir after the scans").isEmpty();
        assertThat(list(work)).as("working dir after the scans").isEmpty();
        assertThat(Files.exists(Path.of("/tmp/evil"))).isFalse();
    }

    private static List<Path> list(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).toList();
        }
    }
}
