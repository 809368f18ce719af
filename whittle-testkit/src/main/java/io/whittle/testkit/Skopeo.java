package io.whittle.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.Digest;
import io.whittle.oci.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs the real {@code skopeo} (Debian package {@code skopeo}) as a reference client. Registry transports are
 * used with TLS verification off (test registries speak plain http on loopback) and without ambient
 * credentials: only the credentials passed are used. A non-zero exit is a {@link ToolException} carrying
 * stderr.
 *
 * <pre>{@code
 * byte[] raw = Skopeo.create().inspectRaw(Skopeo.docker(registry.hostPort(), "team/app", "v1"), registry.credentials());
 * }</pre>
 */
public final class Skopeo {
    private final Path binary;
    private final Duration timeout;

    private Skopeo(Path binary, Duration timeout) {
        this.binary = binary;
        this.timeout = timeout;
    }

    /**
     * A runner with a 2-minute timeout per command.
     *
     * @throws TestkitException when skopeo is not installed, naming the package
     */
    public static Skopeo create() {
        return new Skopeo(Peers.require(Peers.SKOPEO, "skopeo"), Duration.ofMinutes(2));
    }

    /** The same runner with another timeout per command. */
    public Skopeo withTimeout(Duration newTimeout) {
        return new Skopeo(binary, Objects.requireNonNull(newTimeout, "timeout"));
    }

    /** {@code docker://host:port/repository:tag}, or {@code …@sha256:…} when {@code reference} is a digest. */
    public static String docker(String hostPort, String repository, String reference) {
        String sep = Digest.isDigest(reference) ? "@" : ":";
        return "docker://" + hostPort + "/" + repository + sep + reference;
    }

    /** {@code oci:DIR:TAG}, an image in an OCI layout directory. */
    public static String oci(Path layout, String tag) {
        return "oci:" + layout.toAbsolutePath() + ":" + tag;
    }

    /** The exact manifest (or index) bytes, {@code skopeo inspect --raw}. */
    public byte[] inspectRaw(String image, Optional<Credentials> credentials) {
        List<String> args = new ArrayList<>(List.of("inspect", "--raw", "--tls-verify=false"));
        creds(args, "--creds", "--no-creds", credentials);
        args.add(image);
        return run(args, credentials).stdoutBytes();
    }

    /** {@link #inspectRaw(String, Optional)} without credentials. */
    public byte[] inspectRaw(String image) {
        return inspectRaw(image, Optional.empty());
    }

    /** The sha256 of {@link #inspectRaw}: the manifest digest as skopeo sees it. */
    public Digest digest(String image, Optional<Credentials> credentials) {
        return Digest.sha256(inspectRaw(image, credentials));
    }

    /** {@code skopeo inspect} as JSON (Digest, Layers, Env, Architecture, …); picks the host platform of an index. */
    public JsonNode inspect(String image, Optional<Credentials> credentials) {
        List<String> args = new ArrayList<>(List.of("inspect", "--tls-verify=false"));
        creds(args, "--creds", "--no-creds", credentials);
        args.add(image);
        ToolResult r = run(args, credentials);
        try {
            return Json.MAPPER.readTree(r.stdoutBytes());
        } catch (IOException e) {
            throw new TestkitException("skopeo inspect printed something that is not JSON: " + e.getMessage(), e);
        }
    }

    /** {@link #inspect(String, Optional)} without credentials. */
    public JsonNode inspect(String image) {
        return inspect(image, Optional.empty());
    }

    /** {@code skopeo copy SRC DST} with the options given. */
    public ToolResult copy(String source, String destination, CopyOptions options) {
        List<String> args = new ArrayList<>(List.of("--insecure-policy", "copy", "--quiet",
                "--src-tls-verify=false", "--dest-tls-verify=false"));
        creds(args, "--src-creds", "--src-no-creds", options.sourceCredentials());
        creds(args, "--dest-creds", "--dest-no-creds", options.destinationCredentials());
        if (options.all()) {
            args.add("--all");
        }
        if (options.preserveDigests()) {
            args.add("--preserve-digests");
        }
        options.format().ifPresent(f -> {
            args.add("--format");
            args.add(f);
        });
        args.addAll(options.extraArgs());
        args.add(source);
        args.add(destination);
        List<Credentials> secrets = new ArrayList<>();
        options.sourceCredentials().ifPresent(secrets::add);
        options.destinationCredentials().ifPresent(secrets::add);
        return run(args, secrets);
    }

    /** Copies without credentials. */
    public ToolResult copy(String source, String destination) {
        return copy(source, destination, CopyOptions.defaults());
    }

    /** Runs skopeo with these arguments as they are. */
    public ToolResult run(List<String> args) {
        return run(args, List.of());
    }

    private ToolResult run(List<String> args, Optional<Credentials> credentials) {
        return run(args, credentials.map(List::of).orElse(List.of()));
    }

    private ToolResult run(List<String> args, List<Credentials> credentials) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args);
        return ProcessRunner.run(command, timeout, Map.of(),
                credentials.stream().map(Credentials::password).toList());
    }

    private static void creds(List<String> args, String flag, String anonymousFlag, Optional<Credentials> c) {
        if (c.isPresent()) {
            args.add(flag);
            args.add(c.get().colonPair());
        } else {
            args.add(anonymousFlag);
        }
    }

    /**
     * Options of {@code skopeo copy}.
     *
     * @param format    {@code oci} or {@code v2s2} to convert, empty to keep the source's
     * @param extraArgs further arguments placed before SRC and DST
     */
    public record CopyOptions(Optional<Credentials> sourceCredentials, Optional<Credentials> destinationCredentials,
                              boolean all, boolean preserveDigests, Optional<String> format, List<String> extraArgs) {
        public CopyOptions {
            Objects.requireNonNull(sourceCredentials, "sourceCredentials");
            Objects.requireNonNull(destinationCredentials, "destinationCredentials");
            Objects.requireNonNull(format, "format");
            extraArgs = List.copyOf(extraArgs);
        }

        /** Anonymous on both sides, single image, digests as skopeo decides. */
        public static CopyOptions defaults() {
            return new CopyOptions(Optional.empty(), Optional.empty(), false, false, Optional.empty(), List.of());
        }

        /** Credentials for the source registry; empty for anonymous. */
        public CopyOptions withSourceCredentials(Optional<Credentials> c) {
            return new CopyOptions(c, destinationCredentials, all, preserveDigests, format, extraArgs);
        }

        /** Credentials for the destination registry; empty for anonymous. */
        public CopyOptions withDestinationCredentials(Optional<Credentials> c) {
            return new CopyOptions(sourceCredentials, c, all, preserveDigests, format, extraArgs);
        }

        /** {@code --all}: copy every image of an index. */
        public CopyOptions withAll() {
            return new CopyOptions(sourceCredentials, destinationCredentials, true, preserveDigests, format, extraArgs);
        }

        /** {@code --preserve-digests}: fail rather than change a manifest. */
        public CopyOptions withPreserveDigests() {
            return new CopyOptions(sourceCredentials, destinationCredentials, all, true, format, extraArgs);
        }

        /** {@code --format}: {@code oci} or {@code v2s2}. */
        public CopyOptions withFormat(String f) {
            return new CopyOptions(sourceCredentials, destinationCredentials, all, preserveDigests, Optional.of(f),
                    extraArgs);
        }

        /** More arguments, placed before SRC and DST. */
        public CopyOptions withExtraArgs(String... args) {
            List<String> more = new ArrayList<>(extraArgs);
            more.addAll(List.of(args));
            return new CopyOptions(sourceCredentials, destinationCredentials, all, preserveDigests, format, more);
        }
    }
}
