package io.whittle.testkit;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/** What a peer program printed and how it exited; standard output is kept as bytes (raw manifests). */
public record ToolResult(List<String> command, int exitCode, byte[] stdoutBytes, String stderr) {
    public ToolResult {
        command = List.copyOf(command);
        stdoutBytes = stdoutBytes.clone();
        Objects.requireNonNull(stderr, "stderr");
    }

    @Override
    public byte[] stdoutBytes() {
        return stdoutBytes.clone();
    }

    /** Standard output as UTF-8 text. */
    public String stdout() {
        return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ToolResult r && command.equals(r.command) && exitCode == r.exitCode
                && java.util.Arrays.equals(stdoutBytes, r.stdoutBytes) && stderr.equals(r.stderr);
    }

    @Override
    public int hashCode() {
        return Objects.hash(command, exitCode, java.util.Arrays.hashCode(stdoutBytes), stderr);
    }

    @Override
    public String toString() {
        return "ToolResult[" + String.join(" ", command) + " -> " + exitCode + "]";
    }
}
