package io.whittle.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.cli.Shell;
import io.whittle.oci.Platform;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.RegistryServer;
import io.whittle.testkit.TestImage;
import io.whittle.testkit.TestIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code whittle xray} run once locally and once against a Whittle server (each on its own fresh registry holding
 * the same images): the reports in every form, the SBOMs, the CI verdict and the failures print the same, and exit
 * alike, once what differs by nature is masked (registry ports, connector IDs, when and how long the analysis ran,
 * which Whittle build made it (a server run from classes says 'unknown'), and the job's progress lines on stderr).
 */
class RemoteXrayDualModeTest {
    private static final String USER = "xray";
    private static final String PASSWORD = "xray-dual-Secret-5d07";
    private static final ImageFactory FACTORY = ImageFactory.temporary();

    @TempDir
    Path temp;

    @Test
    void localAndRemoteXraysPrintTheSame() throws Exception {
        TestImage app = FACTORY.smallImage(ImageFormat.OCI, "xray-app");
        TestIndex multi = FACTORY.multiPlatform(ImageFormat.OCI, "xray-multi", Platform.of("linux", "amd64"),
                Platform.of("linux", "arm64"));
        Path ci = Files.writeString(temp.resolve("dive-ci.yaml"), "rules:\n  max-size: 1\n");
        Path layout = temp.resolve("layout");
        app.writeLayout(layout, "v1");
        List<String> local;
        List<String> remote;
        try (RegistryServer registry = registry(app, multi)) {
            local = session(new Shell(temp.resolve("local")), registry, ci, layout);
        }
        try (RegistryServer registry = registry(app, multi);
             TestPlatform server = new TestPlatform(temp.resolve("server"))) {
            Shell sh = new Shell(temp.resolve("remote"));
            Shell.Result login = sh.withStdin(TestPlatform.PASSWORD + "\n", "login", "--server",
                    server.url().toString(), "-u", TestPlatform.ADMIN, "--password-stdin");
            assertThat(login.exitCode()).as(login.toString()).isZero();
            remote = session(sh, registry, ci, layout);
            Shell.Result run = sh.whittle("xray", "-o", "json", registry.hostPort() + "/team/app:v1");
            assertThat(run.stderr()).as("the progress is the job's, the report stays on the server")
                    .contains("job ").contains("succeeded").contains("The server keeps this report as ");
        }
        assertThat(remote).hasSameSizeAs(local);
        for (int i = 0; i < local.size(); i++) {
            assertThat(remote.get(i)).as("command %d in remote mode", i).isEqualTo(local.get(i));
        }
    }

    private static RegistryServer registry(TestImage app, TestIndex multi) {
        RegistryServer registry = RegistryServer.builder().basic(USER, PASSWORD).start();
        Optional<Credentials> auth = Optional.of(new Credentials(USER, PASSWORD));
        app.push(registry.url(), "team/app", "v1", auth);
        multi.push(registry.url(), "team/multi", "v1", auth);
        return registry;
    }

    /** Runs the session; answers each command's transcript, masked. */
    private static List<String> session(Shell sh, RegistryServer registry, Path ci, Path layout) {
        String host = registry.hostPort();
        Shell.Result added = sh.withStdin(PASSWORD + "\n", "connector", "add", "generic", "--name", "xray", "--set",
                "registry=" + host, "--set", "username=" + USER, "--secret-stdin", "password");
        assertThat(added.exitCode()).as(added.toString()).isZero();
        String id = added.stdout().lines().findFirst().orElseThrow();
        Path file = sh.dataDir.resolveSibling("report.html");
        String app = host + "/team/app:v1";
        String[][] commands = {
                {"xray", app},
                {"xray", app, "-o", "json"},
                {"xray", app, "-o", "html"},
                {"xray", app, "--sbom", "cyclonedx"},
                {"xray", "--connector", id, app, "--sbom", "spdx"},
                {"xray", host + "/team/multi:v1", "--platform", "linux/arm64", "-o", "json"},
                {"xray", app, "--ci-config", ci.toString()},
                {"xray", app, "--ci-config", ci.toString(), "-o", "json"},
                {"xray", app, "--sbom", "nonsense"},
                {"xray", host + "/team/app:missing"},
                {"xray", host + "/team/multi:v1", "--platform", "linux/s390x"},
                {"xray", "--connector", "generic.0123456789", app},
                {"xray", "--connector", "dockerhub.public", app},
                {"xray", host + "/Team/App:v1"},
        };
        List<String> out = new ArrayList<>();
        for (String[] c : commands) {
            out.add(mask(sh.whittle(c), id, host));
        }
        Shell.Result written = sh.whittle("xray", app, "-o", "html", "--output-file", file.toString());
        assertThat(written.exitCode()).as(written.toString()).isZero();
        out.add(mask(new Shell.Result("xray -o html --output-file FILE", 0, read(file),
                written.stderr().replace(file.toString(), "FILE")), id, host));
        Path cache = sh.dataDir.resolveSibling(".cache");
        boolean remote = Files.exists(sh.configFile);
        assertThat(Files.exists(cache)).as("a layer cache here only in local mode").isEqualTo(!remote);
        // An OCI layout is files on this machine: X-rayed here in both modes (its layer is in the local cache
        // only after the local session's registry runs).
        out.add(mask(sh.whittle("xray", "oci:" + layout + ":v1", "-o", "json"), id, host)
                .replaceAll("\"layersRead\" : \\d+,\\s+\"layersCached\" : \\d+", "LAYERS"));
        assertThat(cache).as("the layout's layers cached here").exists();
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The command and what it printed, without what differs between the two runs by nature. */
    private static String mask(Shell.Result r, String id, String host) {
        // Remote mode's own lines on stderr: the job's progress, and where the report stays.
        String stderr = r.stderr().replaceAll("(?m)^(job \\S+  .*|The server keeps this report as .*)\\R", "");
        String text = new Shell.Result(r.command(), r.exitCode(), r.stdout(), stderr).toString();
        return text.replace(id, "ID").replace(host, "REGISTRY")
                .replace(URLEncoder.encode(host, StandardCharsets.UTF_8), "REGISTRY")
                .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", "TIME")
                .replaceAll("\"whittleVersion\" : \"[^\"]*\"", "\"whittleVersion\" : \"VERSION\"")
                .replaceAll("\"millis\" : \\d+", "\"millis\" : 0")
                .replaceAll("Whittle [^ <]+ · analysed TIME in \\d+ ms", "Whittle VERSION · analysed TIME in 0 ms")
                .replaceAll("(\"name\" : \"whittle\",\\s+\"version\" : )\"[^\"]*\"", "$1\"VERSION\"")
                .replaceAll("Tool: whittle-[^\"]*", "Tool: whittle-VERSION")
                .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "UUID");
    }
}
