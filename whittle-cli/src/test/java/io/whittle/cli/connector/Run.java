package io.whittle.cli.connector;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.cli.Io;
import io.whittle.cli.Whittle;
import io.whittle.cli.remote.ClientConfigFile;
import io.whittle.oci.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Runs whittle in-process as {@code bin/whittle} would, with its own data directory and no Docker credentials, and
 * keeps a transcript of every command's output (for the checks that no secret ever shows).
 */
final class Run {
    final Path dataDir;
    private final Map<String, String> env = new HashMap<>();
    private final StringBuilder transcript = new StringBuilder();
    private final StringBuilder outputs = new StringBuilder();

    private Run(Path dataDir, Path dockerConfig) {
        this.dataDir = dataDir;
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", System.getProperty("user.home"));
        env.put("DOCKER_CONFIG", dockerConfig.toString());
        env.put("WHITTLE_DATA_DIR", dataDir.toString());
        // No client config: a developer's 'whittle login' must not send these commands to a server.
        env.put(ClientConfigFile.VARIABLE, dockerConfig.resolve("no-client-config.json").toString());
    }

    /** A fresh data directory (not created yet) under {@code temp}, and an empty Docker config. */
    static Run in(Path temp) {
        try {
            Path docker = Files.createDirectories(temp.resolve("docker-config"));
            return new Run(temp.resolve("data"), docker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Run env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Result whittle(String... args) {
        return withStdin("", args);
    }

    /** Runs with {@code stdin} as standard input (what {@code --secret-stdin} reads). */
    Result withStdin(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = Io.of(out, err, env).withStdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        int code = Whittle.run(io, args);
        Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        transcript.append("$ whittle ").append(String.join(" ", args)).append('\n').append(r).append('\n');
        outputs.append(r.stdout()).append(r.stderr());
        return r;
    }

    /** Every command so far with what it printed. */
    String transcript() {
        return transcript.toString();
    }

    /** Everything every command printed so far, stdout and stderr (the command lines left out). */
    String outputs() {
        return outputs.toString();
    }

    record Result(int exitCode, String stdout, String stderr) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(stdout);
            } catch (IOException e) {
                throw new AssertionError("stdout is not JSON: " + this, e);
            }
        }

        /** The first line of stdout: what {@code connector add} prints first, the new connector's ID. */
        String firstLine() {
            return stdout.lines().findFirst().orElse("");
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
