package io.whittle.cli;

import com.sun.net.httpserver.HttpServer;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Json;
import io.whittle.oci.Manifest;
import io.whittle.oci.MediaType;
import io.whittle.oci.layout.OciLayout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The workload {@code bin/whittle} runs once after each build with {@code -XX:ArchiveClassesAtExit}, so that the
 * class-data-sharing archive holds the classes real commands load (picocli, Jackson, the HTTP client, the
 * layout and copy code) and not only those of whichever command happened to run first.
 *
 * <p>It runs the commands in-process against a throw-away OCI layout and a loopback HTTP endpoint that answers
 * the registry ping and "not found" to everything else, which walks the client's request, auth and error paths
 * without any network. Failures are expected and ignored: only the classes loaded matter.
 */
final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("whittle-cds-");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            boolean ping = exchange.getRequestURI().getPath().equals("/v2/");
            byte[] body = (ping ? "{}" : "{\"errors\":[{\"code\":\"MANIFEST_UNKNOWN\",\"message\":\"unknown\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Docker-Distribution-API-Version", "registry/2.0");
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(ping ? 200 : 404, head ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                if (!head) {
                    out.write(body);
                }
            }
        });
        server.start();
        try {
            String registry = "127.0.0.1:" + server.getAddress().getPort();
            String layout = "oci:" + writeLayout(dir.resolve("layout"));
            Io quiet = Io.of(OutputStream.nullOutputStream(), OutputStream.nullOutputStream(), Map.of());
            String[][] commands = {
                    {"--help"},
                    {"inspect", layout + ":t"},
                    {"inspect", "-o", "json", layout + ":t"},
                    {"inspect", "--raw", layout + ":t"},
                    {"digest", layout + ":t"},
                    {"tags", layout},
                    {"copy", layout + ":t", "oci:" + dir.resolve("copy") + ":t"},
                    {"copy", "-o", "json", layout + ":t", "oci:" + dir.resolve("copy") + ":u"},
                    {"inspect", registry + "/train/app:1"},
                    {"tags", registry + "/train/app"},
                    {"copy", layout + ":t", registry + "/train/app:1"},
                    {"copy", registry + "/train/app:1", "oci:" + dir.resolve("copy") + ":v"},
                    {"inspect", "Not/A/Reference"},
            };
            for (String[] command : commands) {
                Whittle.run(quiet, command);
            }
            Whittle.run(new Io(OutputStream.nullOutputStream(), quiet.out(), quiet.err(), Map.of(), true),
                    "copy", layout + ":t", "oci:" + dir.resolve("terminal") + ":t");
        } finally {
            server.stop(0);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A one-layer image in a new layout, tagged {@code t}. */
    private static Path writeLayout(Path dir) throws IOException {
        OciLayout layout = OciLayout.create(dir);
        byte[] layer = new byte[1024];
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/bin/true\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + io.whittle.oci.Digest.sha256(layer) + "\"]},"
                + "\"history\":[{\"created_by\":\"training\"}]}").getBytes(StandardCharsets.UTF_8);
        Descriptor configDescriptor = Descriptor.of(MediaType.OCI_CONFIG, config);
        Descriptor layerDescriptor = Descriptor.of(MediaType.OCI_LAYER, layer);
        layout.putBlob(configDescriptor, new ByteArrayInputStream(config));
        layout.putBlob(layerDescriptor, new ByteArrayInputStream(layer));
        var m = Json.MAPPER.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", MediaType.OCI_MANIFEST);
        m.set("config", Json.toJson(configDescriptor));
        m.putArray("layers").add(Json.toJson(layerDescriptor));
        layout.putTopManifest(Manifest.parse(Json.bytes(m), Optional.of(MediaType.OCI_MANIFEST)), Optional.of("t"));
        return dir;
    }
}
