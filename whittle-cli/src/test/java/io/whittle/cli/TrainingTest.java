package io.whittle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up archive is only as good as its training: every command of the workload must really run its path
 * (a copy that failed early would leave the upload, hashing and manifest code out of the archive).
 */
class TrainingTest {

    @Test
    void everyTrainingCommandSucceedsButTheDeliberateFailures(@TempDir Path dir) throws Exception {
        List<String> results;
        try (TrainingRegistry a = TrainingRegistry.start(); TrainingRegistry b = TrainingRegistry.start()) {
            results = Training.run(dir, a.hostPort(), b.hostPort(), Training.Workload.ALL);
        }
        assertThat(results).hasSizeGreaterThan(40);
        assertThat(results).filteredOn(r -> !r.startsWith("0 "))
                .as("only the not-found and usage cases and the X-ray's CI gate fail").hasSize(5)
                .allMatch(r -> r.startsWith(ExitCode.NOT_FOUND + " ") && r.contains("/train/missing:1")
                        || r.startsWith(ExitCode.USAGE + " ") && (r.contains("Not/A/Reference") || r.contains("--jobs 0"))
                        || r.startsWith(ExitCode.POLICY + " xray ") && r.contains("--ci"));
        assertThat(results).anyMatch(r -> r.startsWith("0 copy --all-platforms") && r.contains("/train/multi"))
                .anyMatch(r -> r.startsWith("0 copy ") && r.contains("oci:"))
                .anyMatch(r -> r.startsWith("0 xray -o json"))
                .anyMatch(r -> r.startsWith("0 xray --sbom cyclonedx"));
    }

    @Test
    void theCopyWorkloadRunsCopiesAlone(@TempDir Path dir) throws Exception {
        List<String> results;
        try (TrainingRegistry a = TrainingRegistry.start(); TrainingRegistry b = TrainingRegistry.start()) {
            results = Training.run(dir, a.hostPort(), b.hostPort(), Training.Workload.COPY);
        }
        assertThat(results).hasSizeGreaterThan(20).allMatch(r -> r.split(" ")[1].equals("copy"));
        assertThat(results).filteredOn(r -> !r.startsWith("0 ")).as("only the deliberate failures fail").hasSize(2);
        // cold, to another tag, to the same tag again, within one registry, an index, to a layout, JSON output
        assertThat(results).anyMatch(r -> r.startsWith("0 copy -o json"))
                .anyMatch(r -> r.startsWith("0 copy ") && r.contains("oci:"))
                .anyMatch(r -> r.startsWith("0 copy --all-platforms"));
    }
}
