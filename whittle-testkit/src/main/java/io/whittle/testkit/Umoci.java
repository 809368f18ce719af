package io.whittle.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs the real {@code umoci} (Debian package {@code umoci}) against OCI image layouts, as an independent reader
 * of what Whittle writes. umoci 0.4.7 reads gzip and uncompressed layers, not zstd. A non-zero exit is a
 * {@link ToolException} carrying stderr.
 */
public final class Umoci {
    private final Path binary;
    private final Duration timeout;

    private Umoci(Path binary, Duration timeout) {
        this.binary = binary;
        this.timeout = timeout;
    }

    /**
     * A runner with a 2-minute timeout per command.
     *
     * @throws TestkitException when umoci is not installed, naming the package
     */
    public static Umoci create() {
        return new Umoci(Peers.require(Peers.UMOCI, "umoci"), Duration.ofMinutes(2));
    }

    /** The same runner with another timeout per command. */
    public Umoci withTimeout(Duration newTimeout) {
        return new Umoci(binary, Objects.requireNonNull(newTimeout, "timeout"));
    }

    /** {@code umoci stat --json --image DIR:TAG}: the image's history as umoci reads it. */
    public JsonNode stat(Path layout, String tag) {
        ToolResult r = run(List.of("stat", "--json", "--image", image(layout, tag)));
        try {
            return Json.MAPPER.readTree(r.stdoutBytes());
        } catch (IOException e) {
            throw new TestkitException("umoci stat printed something that is not JSON: " + e.getMessage(), e);
        }
    }

    /**
     * {@code umoci unpack --rootless --image DIR:TAG BUNDLE}: extracts the image into an OCI runtime bundle.
     *
     * @return the bundle's {@code rootfs} directory
     */
    public Path unpack(Path layout, String tag, Path bundle) {
        run(List.of("unpack", "--rootless", "--image", image(layout, tag), bundle.toAbsolutePath().toString()));
        return bundle.resolve("rootfs");
    }

    /** {@code umoci ls --layout DIR}: the tags in a layout. */
    public List<String> tags(Path layout) {
        String out = run(List.of("ls", "--layout", layout.toAbsolutePath().toString())).stdout();
        return out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Runs umoci with these arguments as they are. */
    public ToolResult run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args);
        return ProcessRunner.run(command, timeout, Map.of(), List.of());
    }

    private static String image(Path layout, String tag) {
        return layout.toAbsolutePath() + ":" + tag;
    }
}
