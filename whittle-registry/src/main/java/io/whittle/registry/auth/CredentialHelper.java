package io.whittle.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import io.whittle.oci.JsonTree;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Runs {@code docker-credential-<name> get} the way Docker does: the server URL on standard input, a JSON object
 * {@code {"Username": …, "Secret": …}} on standard output. A user name of {@code <token>} marks the secret as an
 * identity (refresh) token. The helper's output is never put into messages: it holds the secret.
 */
final class CredentialHelper {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final int MAX_OUTPUT = 1024 * 1024;

    private final String name;
    private final List<Path> searchPath;
    private final Duration timeout;

    CredentialHelper(String name, List<Path> searchPath, Duration timeout) throws AccessException {
        if (!NAME.matcher(name).matches()) {
            // The name becomes part of a program name: refuse anything that could point elsewhere.
            throw new AccessException(Failure.INVALID, "read credentials", name, "the credential helper name '" + name
                    + "' in the Docker config is not a plain name: fix credHelpers or credsStore in config.json");
        }
        this.name = name;
        this.searchPath = List.copyOf(searchPath);
        this.timeout = timeout;
    }

    String program() {
        return "docker-credential-" + name;
    }

    /** The credential the helper holds for {@code serverUrl}; anonymous when it holds none. */
    Credential get(String serverUrl, String registry) throws IOException {
        Path exe = locate().orElseThrow(() -> new AccessException(Failure.UNAUTHORIZED, "read credentials", registry,
                "the Docker config names the credential helper " + program() + " for " + registry
                        + " but it is not on the PATH: install it or remove it from config.json"));
        Process process;
        try {
            process = new ProcessBuilder(exe.toString(), "get")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new AccessException(Failure.UNAUTHORIZED, "read credentials", registry, "could not run the credential"
                    + " helper " + exe + " (" + e.getMessage() + "): check that it is executable", false, e);
        }
        try (OutputStream in = process.getOutputStream()) {
            in.write(serverUrl.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The helper may exit before reading; its exit status tells what happened.
        }
        // Read on another thread so that a helper that hangs (waiting for a desktop prompt) hits the timeout.
        FutureTask<byte[]> reader = new FutureTask<>(() -> {
            try (InputStream stdout = process.getInputStream()) {
                return readBounded(stdout);
            }
        });
        Thread.ofVirtual().name("credential-helper-reader").start(reader);
        byte[] out;
        int status;
        try {
            out = reader.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TimeoutException();
            }
            status = process.exitValue();
        } catch (TimeoutException e) {
            process.destroyForcibly();
            reader.cancel(true);
            throw new AccessException(Failure.UNAUTHORIZED, "read credentials", registry, "the credential helper "
                    + program() + " did not answer within " + timeout.toSeconds() + " s: check that it can run"
                    + " without a prompt", true, null);
        } catch (ExecutionException e) {
            process.destroyForcibly();
            throw new AccessException(Failure.UNAUTHORIZED, "read credentials", registry, "could not read the answer"
                    + " of the credential helper " + program() + ": run '" + program() + " get' by hand to see why",
                    false, null);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AccessException(Failure.OTHER, "read credentials", registry, "interrupted while waiting for the"
                    + " credential helper " + program(), false, e);
        }
        String text = new String(out, StandardCharsets.UTF_8).strip();
        if (status != 0) {
            if (text.toLowerCase(java.util.Locale.ROOT).contains("credentials not found")) {
                return Credential.ANONYMOUS;
            }
            throw new AccessException(Failure.UNAUTHORIZED, "read credentials", registry, "the credential helper "
                    + program() + " failed with exit status " + status + ": run '" + program()
                    + " get' by hand to see why", false, null);
        }
        JsonNode node;
        try {
            node = JsonTree.parse(text);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new AccessException(Failure.UNAUTHORIZED, "read credentials", registry, "the credential helper "
                    + program() + " did not answer with a JSON object: check that it is a Docker credential helper");
        }
        String user = text(node, "Username");
        String secret = text(node, "Secret");
        if (secret.isEmpty()) {
            return Credential.ANONYMOUS;
        }
        if (user.equals("<token>")) {
            return new Credential.IdentityToken(secret);
        }
        if (user.isEmpty()) {
            return new Credential.RegistryToken(secret);
        }
        return new Credential.Basic(user, secret);
    }

    private Optional<Path> locate() {
        for (Path dir : searchPath) {
            Path candidate = dir.resolve(program());
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (b.size() + n > MAX_OUTPUT) {
                throw new IOException("the credential helper wrote more than 1 MiB");
            }
            b.write(buf, 0, n);
        }
        return b.toByteArray();
    }
}
