package io.whittle.oci.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real peers (skopeo, umoci) and fails with what to install when one is missing. */
final class Tools {
    private Tools() {
    }

    record Result(int exit, String output) {
    }

    static String require(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return fail(tool + " is not installed, and these tests check Whittle against it: apt-get install " + tool);
    }

    static Result run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        cmd.set(0, require(cmd.getFirst()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                fail(String.join(" ", command) + " did not finish in 120 s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    /** Runs and insists on success, returning the output. */
    static String ok(String... command) throws IOException, InterruptedException {
        Result r = run(command);
        assertThat(r.exit()).as(String.join(" ", command) + " failed:\n" + r.output()).isZero();
        return r.output();
    }
}
