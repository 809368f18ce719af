package io.whittle.cli;

import io.whittle.oci.Descriptor;
import io.whittle.oci.Digest;
import io.whittle.oci.JsonTree;
import io.whittle.oci.Manifest;
import io.whittle.oci.MediaType;
import io.whittle.oci.Platform;
import io.whittle.oci.layout.OciLayout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The workload {@code bin/whittle} runs after a build to make its start-up archive: the JDK 25 AOT cache (classes
 * loaded and linked, call sites resolved, method profiles) or, on older JDKs, a class-data-sharing archive. It
 * runs the commands in-process against an OCI layout and two {@link TrainingRegistry}s on loopback, moving a few
 * megabytes so that the streaming and hashing code is profiled as a real copy uses it: layout to registry,
 * registry to registry cold, warm (to a new tag, and again to the same tag) and within one registry (mount), an
 * index with every platform, registry to layout, inspect, digest, tags, catalog, and the usual failures. It reads
 * no Docker config and no saved connector of the user's (the environment it gives the commands points into a
 * temporary directory).
 *
 * <p>With the argument {@code copy} it runs the copies alone: the archive {@code bin/whittle} uses for
 * {@code whittle copy}, which a JVM maps and links whole at every start, so the fewer classes it holds the sooner
 * a copy starts.
 */
final class Training {
    /** Big enough for the copy loops to run hot, small enough to keep the training to a few seconds. */
    private static final int LAYER_BYTES = 3 * 1024 * 1024;
    private static final int ROUNDS = 3;

    private Training() {
    }

    /** What a training run exercises. */
    enum Workload {
        /** Every command: the archive of all commands but copy. */
        ALL,
        /** Copies only: the archive of {@code whittle copy}. */
        COPY
    }

    /** @param args {@code copy} for the copy workload; nothing for the whole one */
    public static void main(String[] args) throws IOException {
        Main.quietLookups(false);
        Workload workload = args.length > 0 && args[0].equals("copy") ? Workload.COPY : Workload.ALL;
        Path dir = Files.createTempDirectory("whittle-training-");
        try (TrainingRegistry a = TrainingRegistry.start(); TrainingRegistry b = TrainingRegistry.start()) {
            List<String> results = run(dir, a.hostPort(), b.hostPort(), workload);
            if (Boolean.getBoolean("whittle.training.verbose")) {
                results.forEach(System.out::println);
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Runs the workload; answers a line per command: its exit code, then the command. */
    static List<String> run(Path dir, String a, String b, Workload workload) throws IOException {
        boolean all = workload == Workload.ALL;
        Map<String, String> env = Map.of("HOME", dir.toString(), "DOCKER_CONFIG", dir.resolve("docker").toString(),
                "WHITTLE_DATA_DIR", dir.resolve("data").toString(), "PATH", "");
        Io quiet = Io.of(OutputStream.nullOutputStream(), OutputStream.nullOutputStream(), env);
        String layout = "oci:" + writeLayout(dir.resolve("layout"));
        List<String[]> commands = new ArrayList<>();
        commands.add(new String[] {"copy", "--help"});
        if (all) {
            commands.add(new String[] {"--help"});
            for (String ref : List.of(layout + ":t", layout + ":multi")) {
                commands.add(new String[] {"inspect", ref});
                commands.add(new String[] {"inspect", "-o", "json", ref});
                commands.add(new String[] {"inspect", "--raw", ref});
                commands.add(new String[] {"digest", ref});
            }
            commands.add(new String[] {"tags", layout});
            // X-ray: layers that are real tars, with packages, whiteouts and a finding, analysed twice (the
            // second time from the layer cache) and rendered every way.
            String xray = layout + ":xray";
            commands.add(new String[] {"xray", "-o", "json", xray});
            commands.add(new String[] {"xray", xray});
            commands.add(new String[] {"xray", "-o", "html", xray});
            commands.add(new String[] {"xray", "--sbom", "cyclonedx", xray});
            commands.add(new String[] {"xray", "--sbom", "spdx", "--ci", xray});
        }
        commands.add(new String[] {"copy", layout + ":t", a + "/train/app:1"});
        commands.add(new String[] {"copy", "--all-platforms", layout + ":multi", a + "/train/multi:1"});
        for (int round = 0; round < ROUNDS; round++) {
            // cold; warm to another tag (only the tag is written); warm to the same tag (nothing is written, the
            // path a repeated copy takes); a mount within one registry
            commands.add(new String[] {"copy", a + "/train/app:1", b + "/train/app" + round + ":1"});
            commands.add(new String[] {"copy", a + "/train/app:1", b + "/train/app" + round + ":2"});
            commands.add(new String[] {"copy", a + "/train/app:1", b + "/train/app" + round + ":2"});
            commands.add(new String[] {"copy", "-o", "json", a + "/train/app:1", a + "/train/app" + round + ":1"});
            commands.add(new String[] {"copy", "--all-platforms", a + "/train/multi:1", b + "/train/multi" + round + ":1"});
            commands.add(new String[] {"copy", a + "/train/multi:1", b + "/train/one" + round + ":1"});
            commands.add(new String[] {"copy", a + "/train/app:1", "oci:" + dir.resolve("copy" + round) + ":1"});
        }
        if (all) {
            for (String ref : List.of(a + "/train/app:1", a + "/train/multi:1")) {
                commands.add(new String[] {"inspect", ref});
                commands.add(new String[] {"inspect", "-o", "json", ref});
                commands.add(new String[] {"inspect", "--raw", ref});
                commands.add(new String[] {"digest", ref});
            }
            commands.add(new String[] {"tags", a + "/train/app"});
            commands.add(new String[] {"tags", "-o", "json", a + "/train/app"});
            commands.add(new String[] {"catalog", a});
            commands.add(new String[] {"inspect", a + "/train/missing:1"});
            commands.add(new String[] {"inspect", "Not/A/Reference"});
        }
        commands.add(new String[] {"copy", a + "/train/missing:1", b + "/train/missing:1"});
        commands.add(new String[] {"copy", "--jobs", "0", layout, b + "/x:1"});
        List<String> results = new ArrayList<>();
        for (String[] command : commands) {
            results.add(Whittle.run(quiet, command) + " " + String.join(" ", command));
        }
        // The live progress display, as on a terminal.
        String[] terminal = {"copy", a + "/train/app:1", b + "/train/terminal:1"};
        results.add(Whittle.run(new Io(OutputStream.nullOutputStream(), quiet.out(), quiet.err(), env, true), terminal)
                + " " + String.join(" ", terminal));
        return results;
    }

    /** A layout with an image tagged {@code t} and a two-platform index tagged {@code multi}. */
    private static Path writeLayout(Path dir) throws IOException {
        OciLayout layout = OciLayout.create(dir);
        SplittableRandom random = new SplittableRandom(42);
        Manifest image = image(layout, random, 2, LAYER_BYTES, Platform.host());
        layout.putTopManifest(image, Optional.of("t"));
        var index = JsonTree.object();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaType.OCI_INDEX);
        var children = index.putArray("manifests");
        for (Platform p : List.of(Platform.host(), Platform.of("linux", "s390x"))) {
            Manifest child = image(layout, random, 1, 64 * 1024, p);
            layout.putManifest(child, Optional.empty());
            children.add(JsonTree.toJson(Descriptor.of(child.mediaType(), child.raw()).withPlatform(p)));
        }
        layout.putTopManifest(Manifest.parse(JsonTree.bytes(index), Optional.of(MediaType.OCI_INDEX)),
                Optional.of("multi"));
        layout.putTopManifest(xrayImage(layout), Optional.of("xray"));
        return dir;
    }

    /**
     * An image for {@code whittle xray}: a base layer with an os-release, a dpkg database, a Python and an npm
     * package and a few hundred small files, then a layer that rewrites and deletes some of them.
     */
    private static Manifest xrayImage(OciLayout layout) throws IOException {
        var base = new java.util.LinkedHashMap<String, String>();
        base.put("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
        base.put("var/lib/dpkg/status", "Package: base-files\nStatus: install ok installed\nArchitecture: amd64\n"
                + "Version: 12.4\n\nPackage: libc6\nStatus: install ok installed\nArchitecture: amd64\n"
                + "Version: 2.36-9\n\n");
        base.put("var/lib/dpkg/info/libc6:amd64.list", "/lib/x86_64-linux-gnu/libc.so.6\n");
        base.put("usr/lib/python3/dist-packages/six-1.16.0.dist-info/METADATA",
                "Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\nLicense: MIT\n");
        base.put("app/node_modules/left-pad/package.json", "{\"name\": \"left-pad\", \"version\": \"1.3.0\"}");
        base.put("root/.npmrc", "registry=https://registry.npmjs.org/\n");
        for (int i = 0; i < 300; i++) {
            base.put("usr/share/doc/file" + i + ".txt", ("line " + i + "\n").repeat(1 + i % 40));
        }
        var top = new java.util.LinkedHashMap<String, String>();
        top.put("usr/share/doc/file1.txt", "rewritten\n");
        top.put("usr/share/doc/.wh.file2.txt", "");
        top.put("app/.wh..wh..opq", "");
        var layers = new ArrayList<byte[]>();
        for (var files : List.of(base, top)) {
            var tar = new java.io.ByteArrayOutputStream();
            try (var out = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(tar)) {
                for (var e : files.entrySet()) {
                    byte[] content = e.getValue().getBytes(StandardCharsets.UTF_8);
                    var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(e.getKey());
                    entry.setSize(content.length);
                    out.putArchiveEntry(entry);
                    out.write(content);
                    out.closeArchiveEntry();
                }
            }
            layers.add(tar.toByteArray());
        }
        var diffIds = new StringBuilder();
        var array = JsonTree.object().putArray("layers");
        for (byte[] tar : layers) {
            var gz = new java.io.ByteArrayOutputStream();
            try (var out = new java.util.zip.GZIPOutputStream(gz)) {
                out.write(tar);
            }
            Descriptor d = Descriptor.of(MediaType.OCI_LAYER_GZIP, gz.toByteArray());
            layout.putBlob(d, new ByteArrayInputStream(gz.toByteArray()));
            array.add(JsonTree.toJson(d));
            diffIds.append(diffIds.isEmpty() ? "" : ",").append('"').append(Digest.sha256(tar)).append('"');
        }
        Platform p = Platform.host();
        byte[] config = ("{\"architecture\":\"" + p.architecture() + "\",\"os\":\"" + p.os() + "\","
                + "\"config\":{\"Cmd\":[\"/bin/sh\"],\"Env\":[\"PATH=/bin\",\"API_TOKEN=training\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]},"
                + "\"history\":[{\"created_by\":\"/bin/sh -c #(nop) ADD file:base in / \"},"
                + "{\"created_by\":\"RUN /bin/sh -c rm -rf /app # buildkit\"}]}").getBytes(StandardCharsets.UTF_8);
        Descriptor configDescriptor = Descriptor.of(MediaType.OCI_CONFIG, config);
        layout.putBlob(configDescriptor, new ByteArrayInputStream(config));
        var m = JsonTree.object();
        m.put("schemaVersion", 2);
        m.put("mediaType", MediaType.OCI_MANIFEST);
        m.set("config", JsonTree.toJson(configDescriptor));
        m.set("layers", array);
        return Manifest.parse(JsonTree.bytes(m), Optional.of(MediaType.OCI_MANIFEST));
    }

    private static Manifest image(OciLayout layout, SplittableRandom random, int layers, int layerBytes, Platform p)
            throws IOException {
        var diffIds = new StringBuilder();
        var layerDescriptors = new ArrayList<Descriptor>();
        for (int i = 0; i < layers; i++) {
            byte[] layer = new byte[layerBytes];
            random.nextBytes(layer);
            Descriptor d = Descriptor.of(MediaType.OCI_LAYER, layer);
            layout.putBlob(d, new ByteArrayInputStream(layer));
            layerDescriptors.add(d);
            diffIds.append(i == 0 ? "" : ",").append('"').append(Digest.sha256(layer)).append('"');
        }
        byte[] config = ("{\"architecture\":\"" + p.architecture() + "\",\"os\":\"" + p.os() + "\","
                + "\"config\":{\"Cmd\":[\"/bin/true\"],\"Env\":[\"PATH=/bin\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]},"
                + "\"history\":[{\"created_by\":\"training\"}]}").getBytes(StandardCharsets.UTF_8);
        Descriptor configDescriptor = Descriptor.of(MediaType.OCI_CONFIG, config);
        layout.putBlob(configDescriptor, new ByteArrayInputStream(config));
        var m = JsonTree.object();
        m.put("schemaVersion", 2);
        m.put("mediaType", MediaType.OCI_MANIFEST);
        m.set("config", JsonTree.toJson(configDescriptor));
        var array = m.putArray("layers");
        layerDescriptors.forEach(d -> array.add(JsonTree.toJson(d)));
        return Manifest.parse(JsonTree.bytes(m), Optional.of(MediaType.OCI_MANIFEST));
    }
}
