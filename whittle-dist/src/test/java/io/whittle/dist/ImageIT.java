package io.whittle.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.Json;
import io.whittle.testkit.RegistryExtension;
import io.whittle.testkit.Skopeo;
import io.whittle.testkit.Umoci;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image the build made (target/whittle-image.tar, by Jib), pushed to a real registry with skopeo,
 * inspected and copied by the packaged Whittle, unpacked by umoci, and run: Whittle's own runtime inside it.
 */
class ImageIT {
    private static final int USER = 65532;
    private static final List<String> CMD = List.of("server", "--bind", "0.0.0.0", "--data-dir", "/data");

    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.noAuth();

    @TempDir
    static Path scratch;

    static Distribution dist;
    static String reference;
    static JsonNode inspection;

    @BeforeAll
    static void push() throws Exception {
        assumeFalse(Distribution.imageSkipped(), "the image was not built (-DskipImage)");
        Path tar = Distribution.imageTar();
        assertThat(tar).as("the image tarball Jib wrote").isRegularFile();
        reference = REGISTRY.server().hostPort() + "/whittle:" + Distribution.version();
        // Jib writes an OCI image layout as a tarball (format OCI): skopeo's oci-archive transport reads it.
        Skopeo.create().copy("oci-archive:" + tar, "docker://" + reference);
        dist = new Distribution(scratch);
        Distribution.Run r = dist.whittle(Map.of(), "-o", "json", "inspect", reference);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        inspection = Json.MAPPER.readTree(r.stdout());
    }

    @Test
    void whittleInspectsTheImageAsSkopeoSeesIt() {
        assertThat(inspection.path("kind").asText()).isEqualTo("image");
        assertThat(inspection.path("digest").asText())
                .isEqualTo(Skopeo.create().digest("docker://" + reference, Optional.empty()).toString());
        assertThat(inspection.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(inspection.path("platform").asText()).isEqualTo("linux/amd64");
        assertThat(inspection.path("layers")).allSatisfy(l ->
                assertThat(l.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip"));
    }

    @Test
    void theConfigRunsTheCliAsTheServerForANonRootUser() {
        JsonNode config = inspection.path("config");
        List<String> entrypoint = strings(config.path("entrypoint"));
        assertThat(entrypoint.getFirst()).isEqualTo("/opt/java/bin/java");
        assertThat(entrypoint).containsSubsequence("-cp", "@/app/jib-classpath-file", "io.whittle.cli.Main")
                .endsWith("io.whittle.cli.Main");
        assertThat(strings(config.path("cmd"))).isEqualTo(CMD);
        assertThat(config.path("user").asText()).isEqualTo(USER + ":" + USER);
        assertThat(config.path("workingDir").asText()).isEqualTo("/data");
        assertThat(strings(config.path("exposedPorts"))).containsExactly("8080/tcp");
        assertThat(strings(config.path("volumes"))).containsExactly("/data");
        assertThat(strings(config.path("env"))).contains("LANG=C.UTF-8", "JAVA_HOME=/opt/java", "HOME=/data");
        JsonNode labels = config.path("labels");
        assertThat(labels.path("org.opencontainers.image.title").asText()).isEqualTo("Whittle");
        assertThat(labels.path("org.opencontainers.image.version").asText()).isEqualTo(Distribution.version());
        assertThat(labels.path("org.opencontainers.image.description").asText()).isNotBlank();
        // Reproducible: no build time in the image, so the same inputs make the same digest.
        assertThat(inspection.path("created").asText()).isEqualTo("1970-01-01T00:00:00Z");
    }

    @Test
    void theImageRunsWhittleOnItsOwnRuntimeAsItsUser() throws Exception {
        Path rootfs = unpack();
        assertThat(rootfs.resolve("opt/java/bin/java")).isExecutable();
        assertThat(rootfs.resolve("lib64/ld-linux-x86-64.so.2")).isRegularFile();
        assertThat(Files.readString(rootfs.resolve("etc/passwd"))).contains("whittle:x:65532:65532:");
        Set<PosixFilePermission> tmp = Files.getPosixFilePermissions(rootfs.resolve("tmp"));
        assertThat(tmp).containsAll(Set.of(PosixFilePermission.values()));
        assertThat(((Integer) Files.getAttribute(rootfs.resolve("tmp"), "unix:mode")) & 01000)
                .as("/tmp's sticky bit").isNotZero();
        if (Sandbox.isRoot()) {
            // umoci keeps owners only when not rootless, which needs root.
            assertThat(Files.getAttribute(rootfs.resolve("data"), "unix:uid")).as("/data's owner").isEqualTo(USER);
            assertThat(Files.getAttribute(rootfs.resolve("tmp"), "unix:uid")).as("/tmp's owner").isEqualTo(0);
        }

        Sandbox sandbox = sandbox(rootfs);
        List<String> entrypoint = strings(inspection.path("config").path("entrypoint"));
        Distribution.Run version = sandbox.run(concat(entrypoint, "--version"));
        assertThat(version.exitCode()).as(version.toString()).isZero();
        assertThat(version.stdout()).isEqualTo("whittle " + Distribution.version() + "\n");
        assertThat(version.stderr()).isEmpty();

        // Whittle in the image reads the image's own manifest from the registry: network, HTTP, JSON, all of it.
        Distribution.Run digest = sandbox.run(concat(entrypoint, "digest", reference));
        assertThat(digest.exitCode()).as(digest.toString()).isZero();
        assertThat(digest.stdout().strip()).isEqualTo(inspection.path("digest").asText());
    }

    @Test
    void theRuntimeHasCaCertificatesAUtf8LocaleAndKnowsItsUser() throws Exception {
        Path rootfs = unpack();
        Sandbox sandbox = sandbox(rootfs);
        Distribution.Run certs = sandbox.run(List.of("/opt/java/bin/keytool", "-list", "-cacerts",
                "-storepass", "changeit"));
        assertThat(certs.exitCode()).as(certs.toString()).isZero();
        Matcher m = Pattern.compile("contains (\\d+) entries").matcher(certs.stdout());
        assertThat(m.find()).as(certs.stdout()).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("CA certificates in the runtime").isGreaterThan(50);

        Distribution.Run settings = sandbox.run(List.of("/opt/java/bin/java", "-XshowSettings:properties",
                "-version"));
        assertThat(settings.exitCode()).as(settings.toString()).isZero();
        assertThat(settings.stderr()).contains("sun.jnu.encoding = UTF-8").contains("java.vm.info = mixed mode, sharing");
        if (sandbox.how().contains(USER + ":" + USER)) {
            // The user's name and home come from the image's /etc/passwd, read by glibc without NSS modules.
            assertThat(settings.stderr()).contains("user.name = whittle").contains("user.home = /data");
        }
    }

    @Test
    void theDefaultCommandServesFromDataAsTheImagesUser() throws Exception {
        Path rootfs = unpack();
        Sandbox sandbox = sandbox(rootfs);
        List<String> entrypoint = strings(inspection.path("config").path("entrypoint"));
        Distribution.Run help = sandbox.run(concat(entrypoint, "server", "--help"));
        assertThat(help.exitCode()).as("whittle server --help in the image: %s", help.stderr()).isZero();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        // The image's own command (entrypoint and cmd), on a free port rather than 8080.
        List<String> command = new ArrayList<>(entrypoint);
        command.addAll(strings(inspection.path("config").path("cmd")));
        Path log = scratch.resolve("server.log");
        Process server = sandbox.start(command, Map.of("WHITTLE_PORT", String.valueOf(port)), log);
        try (HttpClient http = HttpClient.newHttpClient()) {
            URI health = URI.create("http://127.0.0.1:" + port + "/healthz");
            int status = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (status != 200 && server.isAlive() && System.nanoTime() < deadline) {
                try {
                    status = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (IOException notYet) {
                    status = -1;
                }
                if (status != 200) {
                    Thread.sleep(250);
                }
            }
            assertThat(status).as("GET /healthz of the image's server; its output:%n%s", Files.readString(log))
                    .isEqualTo(200);
        } finally {
            Sandbox.stop(server);
        }
        // It keeps its database in the volume, as the user who owns it.
        try (Stream<Path> files = Files.list(rootfs.resolve("data"))) {
            List<Path> data = files.toList();
            assertThat(data).as("files the server wrote in /data").isNotEmpty();
            if (Sandbox.isRoot() && sandbox.how().contains(USER + ":" + USER)) {
                for (Path f : data) {
                    assertThat(Files.getAttribute(f, "unix:uid")).as("owner of %s", f).isEqualTo(USER);
                }
            }
        }
    }

    /** The image, copied by the packaged Whittle into an OCI layout and unpacked there by umoci (once). */
    private static synchronized Path unpack() throws Exception {
        Path bundle = scratch.resolve("bundle");
        if (Files.isDirectory(bundle.resolve("rootfs"))) {
            return bundle.resolve("rootfs");
        }
        Path layout = scratch.resolve("layout");
        Distribution.Run copy = dist.whittle(Map.of(), "copy", reference, "oci:" + layout + ":image");
        assertThat(copy.exitCode()).as(copy.toString()).isZero();
        Umoci umoci = Umoci.create();
        if (Sandbox.isRoot()) {
            umoci.run(List.of("unpack", "--image", layout + ":image", bundle.toString()));
            return bundle.resolve("rootfs");
        }
        return umoci.unpack(layout, "image", bundle);
    }

    private static Sandbox sandbox(Path rootfs) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        for (String pair : strings(inspection.path("config").path("env"))) {
            int eq = pair.indexOf('=');
            env.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        List<String> failures = new ArrayList<>();
        Optional<Sandbox> found = Sandbox.find(rootfs, USER, USER, env, List.of("/opt/java/bin/java", "-version"),
                failures);
        return found.orElseThrow(() -> new IllegalStateException("cannot run a program inside the unpacked image on"
                + " this machine (run the tests as root, allow user namespaces, or install bubblewrap): "
                + String.join("; ", failures)));
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }
}
