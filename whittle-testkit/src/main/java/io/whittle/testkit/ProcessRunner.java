package io.whittle.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a peer program to completion with a timeout, capturing its output through files (never a full pipe). */
final class ProcessRunner {
    private ProcessRunner() {
    }

    /**
     * Runs {@code command}; the strings in {@code secrets} (passwords given on the command line) are replaced
     * by {@code ****} in the recorded command and in every message.
     */
    static ToolResult run(List<String> command, Duration timeout, Map<String, String> environment,
                          java.util.Collection<String> secrets) {
        List<String> shown = command.stream().map(a -> redact(a, secrets)).toList();
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("whittle-tool-", ".out");
            err = Files.createTempFile("whittle-tool-", ".err");
            ProcessBuilder pb = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(environment);
            Process p = pb.start();
            boolean finished;
            try {
                finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                destroyTree(p);
                Thread.currentThread().interrupt();
                throw new TestkitException("interrupted while waiting for " + command.getFirst(), e);
            }
            if (!finished) {
                destroyTree(p);
                ToolResult partial = new ToolResult(shown, -1, Files.readAllBytes(out), redact(read(err), secrets));
                throw new ToolException(String.join(" ", shown) + " did not finish within " + timeout.toSeconds()
                        + " s: check the peer or raise the timeout; stderr: " + tail(partial.stderr()), partial);
            }
            ToolResult result = new ToolResult(shown, p.exitValue(), Files.readAllBytes(out), redact(read(err), secrets));
            if (!result.succeeded()) {
                throw new ToolException(String.join(" ", shown) + " exited with " + result.exitCode() + ": "
                        + tail(result.stderr()), result);
            }
            return result;
        } catch (IOException e) {
            throw new TestkitException("could not run " + command.getFirst() + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static String redact(String text, java.util.Collection<String> secrets) {
        String out = text;
        for (String s : secrets) {
            if (!s.isEmpty()) {
                out = out.replace(s, "****");
            }
        }
        return out;
    }

    static void destroyTree(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** The last few lines of an output, for one-line error messages. */
    static String tail(String text) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return "(no output)";
        }
        String[] lines = trimmed.split("\n");
        int from = Math.max(0, lines.length - 5);
        return String.join(" | ", java.util.Arrays.asList(lines).subList(from, lines.length));
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
