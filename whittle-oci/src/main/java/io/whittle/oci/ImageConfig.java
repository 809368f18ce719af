package io.whittle.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An image configuration (OCI {@code config.v1} or Docker's container image JSON): how to run the image,
 * its layer diffIDs and its history. The parsed bytes are kept.
 */
public record ImageConfig(Optional<String> created, Optional<String> author, String architecture, String os,
                          Optional<String> variant, Optional<String> osVersion, RunConfig config,
                          List<Digest> diffIds, List<History> history, byte[] raw) {

    public ImageConfig {
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(os, "os");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(osVersion, "osVersion");
        Objects.requireNonNull(config, "config");
        diffIds = List.copyOf(diffIds);
        history = List.copyOf(history);
        raw = raw.clone();
    }

    /** The {@code config} object: how a container of this image runs. */
    public record RunConfig(Optional<String> user, List<String> env, List<String> entrypoint, List<String> cmd,
                            Optional<String> workingDir, List<String> exposedPorts, List<String> volumes,
                            Map<String, String> labels, Optional<String> stopSignal,
                            Optional<List<String>> healthcheck) {
        public RunConfig {
            Objects.requireNonNull(user, "user");
            env = List.copyOf(env);
            entrypoint = List.copyOf(entrypoint);
            cmd = List.copyOf(cmd);
            Objects.requireNonNull(workingDir, "workingDir");
            exposedPorts = List.copyOf(exposedPorts);
            volumes = List.copyOf(volumes);
            labels = Map.copyOf(labels);
            Objects.requireNonNull(stopSignal, "stopSignal");
            healthcheck = Objects.requireNonNull(healthcheck, "healthcheck").map(List::copyOf);
        }

        public static RunConfig empty() {
            return new RunConfig(Optional.empty(), List.of(), List.of(), List.of(), Optional.empty(), List.of(),
                    List.of(), Map.of(), Optional.empty(), Optional.empty());
        }
    }

    /** One history entry; {@code emptyLayer} entries made no layer. */
    public record History(Optional<String> created, Optional<String> createdBy, Optional<String> author,
                          Optional<String> comment, boolean emptyLayer) {
    }

    public Platform platform() {
        return new Platform(os, architecture, variant, osVersion, List.of());
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    public static ImageConfig parse(byte[] raw) {
        JsonNode root;
        try {
            root = JsonTree.parse(raw);
        } catch (IOException e) {
            throw new OciException("the image config is not valid JSON (" + e.getMessage()
                    + "): check that the manifest's config descriptor names the config blob");
        }
        if (root == null || !root.isObject()) {
            throw new OciException("the image config is not a JSON object: check that the manifest's config"
                    + " descriptor names the config blob");
        }
        JsonNode c = root.get("config");
        RunConfig run = c == null || !c.isObject() ? RunConfig.empty() : new RunConfig(
                JsonTree.text(c, "User").filter(s -> !s.isEmpty()),
                JsonTree.stringList(c.get("Env")),
                JsonTree.stringList(c.get("Entrypoint")),
                JsonTree.stringList(c.get("Cmd")),
                JsonTree.text(c, "WorkingDir").filter(s -> !s.isEmpty()),
                keys(c.get("ExposedPorts")),
                keys(c.get("Volumes")),
                JsonTree.stringMap(c.get("Labels")),
                JsonTree.text(c, "StopSignal"),
                Optional.ofNullable(c.get("Healthcheck")).filter(JsonNode::isObject)
                        .map(h -> JsonTree.stringList(h.get("Test"))));
        List<Digest> diffIds = new ArrayList<>();
        JsonNode rootfs = root.get("rootfs");
        if (rootfs != null) {
            List<String> ids = JsonTree.stringList(rootfs.get("diff_ids"));
            for (int i = 0; i < ids.size(); i++) {
                try {
                    diffIds.add(Digest.parse(ids.get(i)));
                } catch (InvalidDigestException e) {
                    throw new OciException("the image config's rootfs.diff_ids[" + i + "] is invalid: " + e.getMessage());
                }
            }
        }
        List<History> history = new ArrayList<>();
        JsonNode h = root.get("history");
        if (h != null && h.isArray()) {
            for (JsonNode e : h) {
                history.add(new History(JsonTree.text(e, "created"), JsonTree.text(e, "created_by"),
                        JsonTree.text(e, "author"), JsonTree.text(e, "comment"),
                        e.path("empty_layer").asBoolean(false)));
            }
        }
        return new ImageConfig(JsonTree.text(root, "created"), JsonTree.text(root, "author"),
                JsonTree.text(root, "architecture").orElse(""), JsonTree.text(root, "os").orElse(""),
                JsonTree.text(root, "variant"), JsonTree.text(root, "os.version"), run, diffIds, history, raw);
    }

    private static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isObject()) {
            node.fieldNames().forEachRemaining(out::add);
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageConfig m && java.util.Arrays.equals(raw, m.raw);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "ImageConfig[" + os + "/" + architecture + ", " + diffIds.size() + " layers]";
    }
}
