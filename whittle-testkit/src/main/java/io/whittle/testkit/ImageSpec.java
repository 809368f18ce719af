package io.whittle.testkit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.oci.Platform;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Everything that decides a test image's bytes: format, platform, run configuration, layers and history.
 * Equal specs give byte-identical images and so equal digests.
 *
 * <pre>{@code
 * ImageSpec spec = ImageSpec.builder(ImageFormat.OCI)
 *         .platform("linux/arm64/v8")
 *         .env("PATH=/usr/bin").entrypoint("/app").cmd("--serve").user("1000:1000")
 *         .exposedPort("8080/tcp").label("org.example.team", "core").workingDir("/srv")
 *         .layer(LayerSpec.builder().file("app", "#!/bin/sh\n", 0755))
 *         .history("ENV PATH=/usr/bin")
 *         .build();
 * }</pre>
 *
 * @param history    one entry per layer (not empty) plus any empty-layer entries, in order
 * @param configEdit applied to the config JSON last, to build deliberately inconsistent images
 */
public record ImageSpec(ImageFormat format, Platform platform, RunConfig config, List<LayerSpec> layers,
                        List<HistoryEntry> history, Instant created, Optional<String> author,
                        Map<String, String> manifestAnnotations, Optional<UnaryOperator<ObjectNode>> configEdit) {

    /** The creation time used unless a spec says otherwise. */
    public static final Instant DEFAULT_CREATED = Instant.parse("2024-01-01T00:00:00Z");

    public ImageSpec {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
        history = List.copyOf(history);
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(author, "author");
        manifestAnnotations = Map.copyOf(manifestAnnotations);
        Objects.requireNonNull(configEdit, "configEdit");
        long layerEntries = history.stream().filter(h -> !h.emptyLayer()).count();
        if (layerEntries != layers.size()) {
            throw new IllegalArgumentException("the history names " + layerEntries + " layers but the image has "
                    + layers.size() + ": give one non-empty history entry per layer");
        }
        for (LayerSpec l : layers) {
            format.layerMediaType(l.compression()); // rejects zstd in Docker format now, not when written
        }
    }

    /** A builder for an image in that format. */
    public static Builder builder(ImageFormat format) {
        return new Builder(format);
    }

    /** The {@code config} object of the image config: how a container runs. Empty fields are left out. */
    public record RunConfig(Optional<String> user, List<String> env, List<String> entrypoint, List<String> cmd,
                            Optional<String> workingDir, List<String> exposedPorts, List<String> volumes,
                            Map<String, String> labels) {
        public RunConfig {
            Objects.requireNonNull(user, "user");
            env = List.copyOf(env);
            entrypoint = List.copyOf(entrypoint);
            cmd = List.copyOf(cmd);
            Objects.requireNonNull(workingDir, "workingDir");
            exposedPorts = List.copyOf(exposedPorts);
            volumes = List.copyOf(volumes);
            labels = Map.copyOf(labels);
        }
    }

    /** One history entry; {@code emptyLayer} entries (ENV, CMD…) made no layer. */
    public record HistoryEntry(String createdBy, boolean emptyLayer) {
        public HistoryEntry {
            Objects.requireNonNull(createdBy, "createdBy");
        }
    }

    /** Builds a spec; defaults: linux/amd64, no run configuration, created 2024-01-01T00:00:00Z. */
    public static final class Builder {
        private final ImageFormat format;
        private Platform platform = Platform.of("linux", "amd64");
        private Optional<String> user = Optional.empty();
        private final List<String> env = new ArrayList<>();
        private List<String> entrypoint = List.of();
        private List<String> cmd = List.of();
        private Optional<String> workingDir = Optional.empty();
        private final List<String> exposedPorts = new ArrayList<>();
        private final List<String> volumes = new ArrayList<>();
        private final Map<String, String> labels = new LinkedHashMap<>();
        private final List<LayerSpec> layers = new ArrayList<>();
        private final List<HistoryEntry> history = new ArrayList<>();
        private Instant created = DEFAULT_CREATED;
        private Optional<String> author = Optional.empty();
        private final Map<String, String> annotations = new LinkedHashMap<>();
        private Optional<UnaryOperator<ObjectNode>> configEdit = Optional.empty();

        private Builder(ImageFormat format) {
            this.format = Objects.requireNonNull(format, "format");
        }

        /** The platform named in the config and in an index entry; default linux/amd64. */
        public Builder platform(Platform platform) {
            this.platform = Objects.requireNonNull(platform, "platform");
            return this;
        }

        /** {@code os/arch[/variant]}. */
        public Builder platform(String platform) {
            return platform(Platform.parse(platform));
        }

        /** {@code config.User}, e.g. {@code 1000:1000}. */
        public Builder user(String user) {
            this.user = Optional.of(user);
            return this;
        }

        /** Appends {@code NAME=value} entries to {@code config.Env}. */
        public Builder env(String... nameEqualsValue) {
            env.addAll(List.of(nameEqualsValue));
            return this;
        }

        /** {@code config.Entrypoint}. */
        public Builder entrypoint(String... args) {
            this.entrypoint = List.of(args);
            return this;
        }

        /** {@code config.Cmd}. */
        public Builder cmd(String... args) {
            this.cmd = List.of(args);
            return this;
        }

        /** {@code config.WorkingDir}. */
        public Builder workingDir(String dir) {
            this.workingDir = Optional.of(dir);
            return this;
        }

        /** {@code 8080/tcp}, {@code 53/udp}. */
        public Builder exposedPort(String portAndProtocol) {
            exposedPorts.add(portAndProtocol);
            return this;
        }

        /** Adds a path to {@code config.Volumes}. */
        public Builder volume(String path) {
            volumes.add(path);
            return this;
        }

        /** Adds a label to {@code config.Labels}. */
        public Builder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        /** Appends a layer and its history entry ({@link LayerSpec#createdBy()}). */
        public Builder layer(LayerSpec layer) {
            layers.add(Objects.requireNonNull(layer, "layer"));
            history.add(new HistoryEntry(layer.createdBy(), false));
            return this;
        }

        /** Appends the layer that builder describes. */
        public Builder layer(LayerSpec.Builder layer) {
            return layer(layer.build());
        }

        /** Appends an empty-layer history entry, such as {@code ENV A=1}. */
        public Builder history(String createdBy) {
            history.add(new HistoryEntry(createdBy, true));
            return this;
        }

        /** The config's and history's {@code created} time. */
        public Builder created(Instant created) {
            this.created = created;
            return this;
        }

        /** The config's {@code author}. */
        public Builder author(String author) {
            this.author = Optional.of(author);
            return this;
        }

        /** An annotation on the image manifest (OCI only; Docker manifests have none). */
        public Builder manifestAnnotation(String key, String value) {
            if (format != ImageFormat.OCI) {
                throw new IllegalArgumentException("Docker v2s2 manifests have no annotations: use ImageFormat.OCI");
            }
            annotations.put(key, value);
            return this;
        }

        /** Edits the config JSON after it is built, e.g. to make {@code rootfs.diff_ids} wrong on purpose. */
        public Builder editConfig(UnaryOperator<ObjectNode> edit) {
            this.configEdit = Optional.of(edit);
            return this;
        }

        /** The spec; validated as a record. */
        public ImageSpec build() {
            return new ImageSpec(format, platform, new RunConfig(user, env, entrypoint, cmd, workingDir, exposedPorts,
                    volumes, labels), layers, history, created, author, annotations, configEdit);
        }
    }
}
