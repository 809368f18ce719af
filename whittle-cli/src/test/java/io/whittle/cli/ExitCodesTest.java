package io.whittle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.RegistryExtension;
import java.io.IOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every exit code, and the one sentence on stderr that goes with a failure. */
class ExitCodesTest {

    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.noAuth();

    @Test
    void usageErrorsExitWithTwo() {
        assertUsage(Cli.run("inspect", "127.0.0.1:5000/Team/App:1"), "is not a valid image reference");
        assertUsage(Cli.run("inspect", "127.0.0.1:5000/app:"), "the tag after ':' is empty");
        assertUsage(Cli.run("inspect"), "Missing required parameter");
        assertUsage(Cli.run("inspect", "--no-such-option", "a/b"), "Unknown option");
        assertUsage(Cli.run("no-such-command"), "Unmatched argument");
        assertUsage(Cli.run(), "name a command");
        assertUsage(Cli.run("inspect", "-o", "xml", "a/b"), "--output");
        assertUsage(Cli.run("inspect", "--platform", "linux", "a/b"), "is not a platform");
        assertUsage(Cli.run("catalog", "http://127.0.0.1:5000/"), "is not a registry host");
        assertUsage(Cli.run("tags", "127.0.0.1:5000/app:1"), "tags takes a repository");
        assertUsage(Cli.run("copy", "oci:", "oci:/tmp/x"), "names no directory");
    }

    @Test
    void notFoundExitsWithFive() {
        String host = REGISTRY.server().hostPort();
        Cli.Result tag = Cli.run("inspect", host + "/nothing/here:1");
        assertThat(tag.exitCode()).as(tag.toString()).isEqualTo(ExitCode.NOT_FOUND);
        assertOneSentence(tag);
        assertThat(tag.stderr()).contains("nothing/here");

        try (ImageFactory f = ImageFactory.temporary()) {
            f.smallImage(ImageFormat.OCI, "exit").push(REGISTRY.server().url(), "exit/app", "1");
        }
        Cli.Result missingTag = Cli.run("digest", host + "/exit/app:2");
        assertThat(missingTag.exitCode()).as(missingTag.toString()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(missingTag.stderr()).startsWith("whittle: ").contains("exit/app");
        assertOneSentence(missingTag);
    }

    @Test
    void anUnreachableRegistryExitsWithOne() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli.Result r = Cli.run("inspect", "127.0.0.1:" + port + "/app:1");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.FAILED);
        assertOneSentence(r);
        assertThat(r.stderr()).doesNotContain("\tat ");
    }

    @Test
    void debugAddsTheStackTrace() {
        Cli.Result r = Cli.run("--debug", "inspect", REGISTRY.server().hostPort() + "/nothing/here:1");
        assertThat(r.exitCode()).isEqualTo(ExitCode.NOT_FOUND);
        assertThat(r.stderr()).startsWith("whittle: ").contains("\tat ");
    }

    @Test
    void helpAndVersionSucceed() {
        Cli.Result version = Cli.run("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.stdout()).startsWith("whittle ");
        Cli.Result help = Cli.run("--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.stdout()).contains("inspect", "digest", "tags", "catalog", "copy", "Exit codes");
        Cli.Result copyHelp = Cli.run("copy", "--help");
        assertThat(copyHelp.exitCode()).isZero();
        assertThat(copyHelp.stdout()).contains("--all-platforms", "--platform", "--jobs", "--insecure");
    }

    private static void assertUsage(Cli.Result r, String message) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(r.stderr()).as(r.toString()).startsWith("whittle: ").contains(message);
        assertOneSentence(r);
    }

    /** One line on stderr, ending with a full stop, no stack trace; nothing on stdout. */
    static void assertOneSentence(Cli.Result r) {
        assertThat(r.stderr().lines().toList()).as(r.toString()).hasSize(1);
        assertThat(r.stderr().strip()).endsWith(".");
        assertThat(r.stdout()).isEmpty();
    }
}
