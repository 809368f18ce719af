package io.whittle.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.cli.Shell;
import io.whittle.oci.Digest;
import io.whittle.oci.Platform;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.RegistryServer;
import io.whittle.testkit.TestImage;
import io.whittle.testkit.TestIndex;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same session of connector, images, inspect and copy commands, run once locally on a fresh data directory and
 * once against a Whittle server (each on its own fresh registry holding the same images, with Basic auth): what
 * they print, and how they exit, is the same once the values that cannot be (connector IDs, registry ports,
 * times) are masked.
 */
class RemoteDualModeTest {
    private static final String USER = "dual";
    private static final String PASSWORD = "dual-mode-Secret-81c2";
    private static final ImageFactory FACTORY = ImageFactory.temporary();

    @TempDir
    Path temp;

    @Test
    void localAndRemoteModesPrintTheSame() throws Exception {
        TestImage app = FACTORY.smallImage(ImageFormat.OCI, "dual-app");
        TestIndex multi = FACTORY.multiPlatform(ImageFormat.OCI, "dual-multi", Platform.of("linux", "amd64"),
                Platform.of("linux", "arm64"));
        List<String> local;
        List<String> remote;
        try (RegistryServer registry = registry(app, multi)) {
            local = session(new Shell(temp.resolve("local")), registry, app.digest());
        }
        try (RegistryServer registry = registry(app, multi);
             TestPlatform server = new TestPlatform(temp.resolve("server"))) {
            Shell sh = new Shell(temp.resolve("remote"));
            Shell.Result login = sh.withStdin(TestPlatform.PASSWORD + "\n", "login", "--server",
                    server.url().toString(), "-u", TestPlatform.ADMIN, "--password-stdin");
            assertThat(login.exitCode()).as(login.toString()).isZero();
            remote = session(sh, registry, app.digest());
            assertThat(sh.dataDir).as("nothing is kept locally in remote mode").doesNotExist();
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
    private static List<String> session(Shell sh, RegistryServer registry, Digest appDigest) {
        String host = registry.hostPort();
        List<String> out = new ArrayList<>();
        Shell.Result added = sh.withStdin(PASSWORD + "\n", "connector", "add", "generic", "--name", "dual", "--set",
                "registry=" + host, "--set", "username=" + USER, "--secret-stdin", "password");
        assertThat(added.exitCode()).as(added.toString()).isZero();
        String id = added.stdout().lines().findFirst().orElseThrow();
        Function<Shell.Result, String> mask = r -> mask(r, id, host);
        out.add(mask.apply(added));
        Shell.Result raw = sh.whittle("inspect", "--raw", host + "/team/app:v1");
        assertThat(raw.exitCode()).as(raw.toString()).isZero();
        assertThat(Digest.sha256(raw.stdout().getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo(appDigest);
        out.add(mask.apply(raw));

        String[][] commands = {
                {"connector", "list"},
                {"connector", "list", "-o", "json"},
                {"connector", "show", id},
                {"connector", "show", id, "-o", "json"},
                {"images", "--connector", id},
                {"images", "--connector", id, "-o", "json"},
                {"images", "--connector", id, host + "/team/app"},
                {"images", "--connector", id, "team/multi", "-o", "json"},
                {"inspect", host + "/team/app:v1"},
                {"inspect", host + "/team/app:v1", "-o", "json"},
                {"inspect", "--connector", id, host + "/team/multi:v1"},
                {"inspect", host + "/team/multi:v1", "--platform", "linux/arm64"},
                {"inspect", host + "/team/multi:v1", "--platform", "linux/arm64", "-o", "json"},
                {"inspect", host + "/team/app:missing"},
                {"inspect", "--connector", "dockerhub.public", host + "/team/app:v1"},
                {"inspect", "--connector", "generic.0123456789", host + "/team/app:v1"},
                {"copy", host + "/team/app:v1", host + "/team/copy:v1"},
                {"copy", host + "/team/multi:v1", host + "/team/copy-all:v1", "--all-platforms", "-o", "json"},
                {"inspect", host + "/team/copy:v1", "-o", "json"},
                {"connector", "edit", id, "--name", "dual renamed"},
                {"connector", "edit", id, "--set", "registry=registry.example.com"},
                {"connector", "edit", "dockerhub.public", "--name", "mine"},
                {"connector", "test", id},
                {"connector", "test", id, "-o", "json"},
                {"connector", "show", id},
                {"connector", "rm", id},
                {"connector", "show", id},
        };
        for (String[] c : commands) {
            out.add(mask.apply(sh.whittle(c)));
        }
        // A refused credential: nothing saved (exit 4), or saved unverified with the reason.
        String[] wrong = {"connector", "add", "generic", "--name", "wrong", "--set", "registry=" + host, "--set",
                "username=" + USER, "--secret-stdin", "password"};
        out.add(mask.apply(sh.withStdin("not-the-password\n", wrong)));
        Shell.Result unverified = sh.withStdin("not-the-password\n", append(wrong, "--unverified", "-o", "json"));
        assertThat(unverified.exitCode()).as(unverified.toString()).isZero();
        String other = unverified.stdout().replaceAll("(?s).*\"id\": \"(generic\\.[0-9a-z]{10})\".*", "$1");
        out.add(mask(unverified, other, host));
        out.add(mask(sh.whittle("connector", "test", other), other, host));
        out.add(mask(sh.whittle("images", "--connector", other), other, host));
        return out;
    }

    private static String[] append(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    /** The command and what it printed, without what differs between the two runs by nature. */
    private static String mask(Shell.Result r, String id, String host) {
        String text = r.toString();
        if (r.command().startsWith("copy") && r.exitCode() == 0) {
            text = text.replace(r.stderr(), ""); // progress displays differ: lines of blobs here, a job there
        }
        return text.replace(id, "ID").replace(host, "REGISTRY")
                .replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z", "TIME")
                .replaceAll("(?m)^  time .*$", "  time MASKED")
                .replaceAll("\"seconds\": [0-9.E-]+", "\"seconds\": 0");
    }
}
