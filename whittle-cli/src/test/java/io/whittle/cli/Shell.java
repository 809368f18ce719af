package io.whittle.cli;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Runs whittle in-process as {@code bin/whittle} would, in a home of its own: its own data directory, client config
 * file (absent until {@code whittle login}) and an empty Docker config, so that nothing of the developer's machine
 * is used (a developer's own {@code whittle login} must not send these commands to a server). Keeps a transcript of
 * every command's output, for the checks that no secret ever shows.
 */
public final class Shell {
    public final Path dataDir;
    public final Path configFile;
    private final Map<String, String> env = new HashMap<>();
    private final StringBuilder transcript = new StringBuilder();
    private final StringBuilder outputs = new StringBuilder();

    /** A fresh data directory (not created yet) under {@code temp}, and an empty Docker config. */
    public Shell(Path temp) {
        try {
            Path docker = Files.createDirectories(temp.resolve("docker-config"));
            dataDir = temp.resolve("data");
            configFile = temp.resolve("config").resolve("config.json");
            env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            env.put("HOME", temp.toString());
            env.put("DOCKER_CONFIG", docker.toString());
            env.put("WHITTLE_DATA_DIR", dataDir.toString());
            env.put(ClientConfigFile.VARIABLE, configFile.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Shell env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public Result whittle(String... args) {
        return withStdin("", args);
    }

    /** Runs with {@code stdin} as standard input (what {@code --secret-stdin} and {@code --password-stdin} read). */
    public Result withStdin(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = Io.of(out, err, env).withStdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        int code = Whittle.run(io, args);
        Result r = new Result(String.join(" ", args), code, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
        transcript.append(r).append('\n');
        outputs.append(r.stdout()).append(r.stderr());
        return r;
    }

    /** Every command so far with what it printed. */
    public String transcript() {
        return transcript.toString();
    }

    /** Everything every command printed so far, stdout and stderr (the command lines left out). */
    public String outputs() {
        return outputs.toString();
    }

    public record Result(String command, int exitCode, String stdout, String stderr) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(stdout);
            } catch (IOException e) {
                throw new AssertionError("stdout is not JSON: " + this, e);
            }
        }

        /** The first line of stdout: what {@code connector add} prints first, the new connector's ID. */
        public String firstLine() {
            return stdout.lines().findFirst().orElse("");
        }

        @Override
        public String toString() {
            return "$ whittle " + command + "\nexit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
