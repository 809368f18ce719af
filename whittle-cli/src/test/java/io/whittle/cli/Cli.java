package io.whittle.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.cli.remote.ClientConfigFile;
import io.whittle.oci.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs whittle commands in-process, as {@code bin/whittle} would, and captures what they print. */
final class Cli {
    /** An empty Docker config directory, so the developer's own credentials never leak into tests. */
    private static final Path NO_DOCKER_CONFIG;

    static {
        try {
            NO_DOCKER_CONFIG = Files.createTempDirectory("whittle-cli-no-docker-config-");
            NO_DOCKER_CONFIG.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Cli() {
    }

    record Result(int exitCode, byte[] stdoutBytes, String stderr) {
        String stdout() {
            return new String(stdoutBytes, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return Json.MAPPER.readTree(stdoutBytes);
            } catch (IOException e) {
                throw new AssertionError("stdout is not JSON: " + stdout() + "\nstderr: " + stderr, e);
            }
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout() + "--- stderr\n" + stderr;
        }
    }

    /** The environment of a user without Docker credentials. */
    static Map<String, String> env() {
        return env(NO_DOCKER_CONFIG);
    }

    /** The environment with {@code DOCKER_CONFIG} pointing at {@code dockerConfigDir}. */
    static Map<String, String> env(Path dockerConfigDir) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("HOME", System.getProperty("user.home"));
        env.put("DOCKER_CONFIG", dockerConfigDir.toString());
        // No client config: a developer's 'whittle login' must not send these tests to a server.
        env.put(ClientConfigFile.VARIABLE, NO_DOCKER_CONFIG.resolve("no-client-config.json").toString());
        return env;
    }

    static Result run(String... args) {
        return run(env(), args);
    }

    static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Whittle.run(Io.of(out, err, env), args);
        return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }
}
