package io.whittle.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.cli.XdgBase;
import io.whittle.oci.JsonTree;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The client configuration file: {@code $WHITTLE_CONFIG}, else {@code $XDG_CONFIG_HOME/whittle/config.json}, else
 * {@code ~/.config/whittle/config.json}. Written atomically with mode 0600 in a 0700 directory, since it holds API
 * tokens; a file that others can read is refused until its mode is fixed.
 */
public record ClientConfigFile(Path path) {
    public static final String VARIABLE = "WHITTLE_CONFIG";

    public static ClientConfigFile resolve(Map<String, String> env) {
        String explicit = env.get(VARIABLE);
        if (explicit != null && !explicit.isBlank()) {
            return new ClientConfigFile(Path.of(explicit).toAbsolutePath());
        }
        return new ClientConfigFile(XdgBase.CONFIG.whittle(env).resolve("config.json"));
    }

    public ClientConfig read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return ClientConfig.empty();
        }
        checkPrivate();
        JsonNode root;
        try {
            // JsonTree, not Jackson's ObjectMapper: every command reads this file, and the mapper's first use costs
            // some 30 ms of start-up.
            root = JsonTree.parse(bytes);
        } catch (IOException e) {
            throw new IOException(path + " is not valid JSON: fix it or delete it and run 'whittle login' again");
        }
        Map<URI, String> tokens = new LinkedHashMap<>();
        root.path("servers").properties().forEach(e -> {
            String token = e.getValue().path("token").asText("");
            if (!token.isEmpty()) {
                tokens.put(URI.create(e.getKey()), token);
            }
        });
        Optional<URI> current = Optional.ofNullable(root.path("current").textValue()).filter(s -> !s.isBlank())
                .map(URI::create);
        return new ClientConfig(current, tokens);
    }

    public void write(ClientConfig config) throws IOException {
        ObjectNode root = JsonTree.object();
        config.current().ifPresent(c -> root.put("current", c.toString()));
        ObjectNode servers = root.putObject("servers");
        config.tokens().forEach((server, token) -> servers.putObject(server.toString()).put("token", token));
        Path dir = path.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path tmp = Files.createTempFile(dir, ".config", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(tmp, JsonTree.pretty(root).concat("\n").getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void checkPrivate() throws IOException {
        try {
            var perms = Files.getPosixFilePermissions(path);
            String text = PosixFilePermissions.toString(perms);
            if (!text.substring(3).equals("------")) {
                throw new IOException(path + " holds API tokens but others can read it (mode " + text
                        + "): run 'chmod 600 " + path + "'");
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
    }
}
