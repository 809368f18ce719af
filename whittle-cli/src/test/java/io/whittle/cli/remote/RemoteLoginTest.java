package io.whittle.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.cli.ExitCode;
import io.whittle.cli.Shell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code whittle login}, {@code logout} and {@code --server}: what is kept (a token, in a file only the user can
 * read, never the password), which mode commands then run in, and what a refused token says.
 */
class RemoteLoginTest {
    @TempDir
    static Path serverDir;

    static TestPlatform server;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() {
        server = new TestPlatform(serverDir.resolve("server"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private String url() {
        return server.url().toString();
    }

    @Test
    void passwordLoginKeepsOnlyATokenInAPrivateFileAndLogoutReturnsToLocalMode() throws Exception {
        Shell sh = new Shell(temp);
        Shell.Result login = sh.withStdin(TestPlatform.PASSWORD + "\n", "login", "--server", url(), "-u",
                TestPlatform.ADMIN, "--password-stdin");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.stdout()).startsWith("Logged in to " + url() + " as admin (organization ");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sh.configFile))).isEqualTo("rw-------");
        String config = Files.readString(sh.configFile);
        assertThat(config).contains(url(), "\"token\"").doesNotContain(TestPlatform.PASSWORD);

        // Connector commands now run against the server: nothing is created in the local data directory.
        Shell.Result list = sh.whittle("connector", "list", "-o", "json");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.stdout()).contains("dockerhub.public");
        assertThat(sh.dataDir).doesNotExist();
        Shell.Result added = sh.withStdin("x\n", "connector", "add", "generic", "--name", "on the server", "--set",
                "registry=registry.invalid", "--set", "username=u", "--secret-stdin", "password", "--unverified");
        assertThat(added.exitCode()).as(added.toString()).isZero();
        assertThat(sh.dataDir).doesNotExist();

        Shell.Result logout = sh.whittle("logout");
        assertThat(logout.exitCode()).as(logout.toString()).isZero();
        assertThat(logout.stdout()).startsWith("Logged out of " + url());
        assertThat(Files.readString(sh.configFile)).doesNotContain("\"token\"").doesNotContain("current");

        Shell.Result local = sh.whittle("connector", "list");
        assertThat(local.exitCode()).as(local.toString()).isZero();
        assertThat(local.stdout()).contains("dockerhub.public").doesNotContain("on the server");

        Shell.Result again = sh.whittle("logout");
        assertThat(again.stdout()).isEqualTo("Not logged in; commands run locally.\n");
    }

    @Test
    void aTokenFromStdinIsCheckedAndKept() throws Exception {
        String token = tokenOf(new Shell(temp.resolve("first")));
        Shell sh = new Shell(temp.resolve("second"));
        Shell.Result login = sh.withStdin(token + "\n", "login", "--server", url(), "--token-stdin");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        assertThat(login.stdout()).startsWith("Logged in to " + url() + " as admin");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sh.configFile))).isEqualTo("rw-------");
        assertThat(Files.readString(sh.configFile)).contains(token);

        Shell.Result bad = new Shell(temp.resolve("third")).withStdin("wh_not-a-real-token\n", "login", "--server",
                url(), "--token-stdin");
        assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(ExitCode.AUTH);
        assertThat(bad.stderr()).startsWith("whittle: ").endsWith(".\n");
        assertThat(temp.resolve("third").resolve("config")).doesNotExist();
    }

    @Test
    void serverOptionRunsOneCallRemotelyAndABadTokenExitsFourWithTheServersSentence() throws Exception {
        String token = tokenOf(new Shell(temp.resolve("login")));
        Shell sh = new Shell(temp.resolve("one-call")).env("WHITTLE_TOKEN", token);
        Shell.Result added = sh.withStdin("x\n", "--server", url(), "connector", "add", "generic", "--name",
                "one call", "--set", "registry=registry.invalid", "--set", "username=u", "--secret-stdin", "password",
                "--unverified");
        assertThat(added.exitCode()).as(added.toString()).isZero();
        Shell.Result remote = sh.whittle("connector", "list", "--server", url());
        assertThat(remote.stdout()).as(remote.toString()).contains("one call");
        Shell.Result local = sh.whittle("connector", "list");
        assertThat(local.exitCode()).as(local.toString()).isZero();
        assertThat(local.stdout()).doesNotContain("one call");

        Shell.Result notLoggedIn = new Shell(temp.resolve("nobody")).whittle("--server", url(), "connector", "list");
        assertThat(notLoggedIn.exitCode()).as(notLoggedIn.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(notLoggedIn.stderr()).isEqualTo("whittle: not logged in to " + url() + ": run 'whittle login"
                + " --server " + url() + "' first.\n");

        Shell.Result refused = new Shell(temp.resolve("bad")).env("WHITTLE_TOKEN", "wh_bogus-token")
                .whittle("--server", url(), "connector", "list");
        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.AUTH);
        assertThat(refused.stdout()).isEmpty();
        assertThat(refused.stderr()).startsWith("whittle: ").endsWith(".\n").doesNotContain("wh_bogus-token")
                .hasLineCount(1);

        Shell.Result layout = sh.whittle("--server", url(), "copy", "oci:" + temp.resolve("layout") + ":v",
                "127.0.0.1:5000/team/app:v1");
        assertThat(layout.exitCode()).as(layout.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(layout.stderr()).startsWith("whittle: 'oci:").contains("is a directory on this machine, which the"
                + " server at " + url() + " cannot reach").hasLineCount(1);

        Shell.Result noConnector = sh.whittle("--server", url(), "inspect", "quay.io/team/app:v1");
        assertThat(noConnector.exitCode()).as(noConnector.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(noConnector.stderr()).isEqualTo("whittle: the server at " + url() + " has no connector for quay.io:"
                + " add one with 'whittle connector add PROVIDER --name NAME …' (run 'whittle providers' for the"
                + " kinds).\n");

        Shell.Result rotate = sh.whittle("--server", url(), "connector", "rotate-key");
        assertThat(rotate.exitCode()).as(rotate.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(rotate.stderr()).startsWith("whittle: the server's secrets are encrypted with its operator's key");
    }

    /** Signs in with the password and answers the token kept. */
    private String tokenOf(Shell sh) throws Exception {
        Shell.Result login = sh.withStdin(TestPlatform.PASSWORD + "\n", "login", "--server", url(), "-u",
                TestPlatform.ADMIN, "--password-stdin");
        assertThat(login.exitCode()).as(login.toString()).isZero();
        return io.whittle.oci.Json.MAPPER.readTree(sh.configFile.toFile()).path("servers").path(url()).path("token")
                .asText();
    }
}
