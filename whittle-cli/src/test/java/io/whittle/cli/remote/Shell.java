package io.whittle.cli.remote;

import io.whittle.cli.Io;
import io.whittle.cli.Whittle;
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
 * Runs whittle in-process as {@code bin/whittle} would, with its own data directory, client config file and an
 * empty Docker config, so that nothing of the developer's machine is used.
 */
final class Shell {
    final Path dataDir;
    final Path configFile;
    private final Map<String, String> env = new HashMap<>();

    Shell(Path temp) {
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

    Shell env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Result whittle(String... args) {
        return withStdin("", args);
    }

    Result withStdin(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = Io.of(out, err, env).withStdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        int code = Whittle.run(io, args);
        return new Result(String.join(" ", args), code, out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    record Result(String command, int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "$ whittle " + command + "\nexit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
