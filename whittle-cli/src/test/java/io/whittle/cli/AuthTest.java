package io.whittle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.testkit.Credentials;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.RegistryExtension;
import io.whittle.testkit.Skopeo;
import io.whittle.testkit.TestImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Credentials from Docker's config file, against registries with Basic and token authentication. */
class AuthTest {
    private static final String USER = "alice";
    private static final String PASSWORD = "s3cret-canary-7f2c";

    @RegisterExtension
    static final RegistryExtension SOURCE = RegistryExtension.noAuth();

    @RegisterExtension
    static final RegistryExtension BASIC = RegistryExtension.basic(USER, PASSWORD);

    @RegisterExtension
    static final RegistryExtension TOKEN = RegistryExtension.token(USER, PASSWORD);

    static ImageFactory factory;
    static TestImage image;

    @TempDir
    Path temp;

    @BeforeAll
    static void push() {
        factory = ImageFactory.temporary();
        image = factory.smallImage(ImageFormat.DOCKER, "auth");
        image.push(SOURCE.server().url(), "pub/app", "1");
    }

    @AfterAll
    static void clean() {
        factory.close();
    }

    @Test
    void copiesToABasicAuthRegistryWithDockerConfigCredentials() throws IOException {
        Map<String, String> env = dockerConfig(BASIC.server().hostPort(), USER, PASSWORD);
        String dst = BASIC.server().hostPort() + "/private/app:1";
        Cli.Result r = Cli.run(env, "copy", SOURCE.server().hostPort() + "/pub/app:1", dst);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Skopeo.create().inspectRaw(Skopeo.docker(BASIC.server().hostPort(), "private/app", "1"),
                Optional.of(new Credentials(USER, PASSWORD)))).isEqualTo(image.manifestBytes());

        Cli.Result inspect = Cli.run(env, "digest", dst);
        assertThat(inspect.exitCode()).as(inspect.toString()).isZero();
        assertThat(inspect.stdout().strip()).isEqualTo(image.digest().toString());
        assertThat(r.stdout() + r.stderr() + inspect.stdout() + inspect.stderr()).doesNotContain(PASSWORD);
    }

    @Test
    void copiesToATokenAuthRegistry() throws IOException {
        Map<String, String> env = dockerConfig(TOKEN.server().hostPort(), USER, PASSWORD);
        Cli.Result r = Cli.run(env, "copy", "-o", "json", SOURCE.server().hostPort() + "/pub/app:1",
                TOKEN.server().hostPort() + "/team/app:1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.json().path("digest").asText()).isEqualTo(image.digest().toString());
        Cli.Result tags = Cli.run(env, "tags", TOKEN.server().hostPort() + "/team/app");
        assertThat(tags.stdout().strip()).isEqualTo("1");
    }

    @Test
    void asksTheCredentialHelperTheConfigNames() throws IOException {
        // A real helper program speaking the docker-credential protocol: "get", the server on stdin, JSON out.
        Path bin = Files.createDirectories(temp.resolve("bin"));
        Path helper = bin.resolve("docker-credential-whittletest");
        Files.writeString(helper, "#!/bin/sh\n[ \"$1\" = get ] || exit 1\nread server\n"
                + "echo \"$server\" >> " + temp.resolve("asked.txt") + "\n"
                + "printf '{\"ServerURL\":\"%s\",\"Username\":\"" + USER + "\",\"Secret\":\"" + PASSWORD + "\"}' \"$server\"\n");
        helper.toFile().setExecutable(true);
        Path dir = Files.createTempDirectory(temp, "docker");
        Files.writeString(dir.resolve("config.json"), "{\"credHelpers\":{\"" + BASIC.server().hostPort() + "\":\"whittletest\"}}");
        Map<String, String> env = new java.util.HashMap<>(Cli.env(dir));
        env.put("PATH", bin + java.io.File.pathSeparator + env.get("PATH"));

        Cli.Result r = Cli.run(env, "copy", SOURCE.server().hostPort() + "/pub/app:1",
                BASIC.server().hostPort() + "/helped/app:1");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(Files.readString(temp.resolve("asked.txt"))).contains(BASIC.server().hostPort());
        assertThat(r.stdout() + r.stderr()).doesNotContain(PASSWORD);
    }

    @Test
    void aWrongPasswordExitsWithFour() throws IOException {
        Map<String, String> env = dockerConfig(BASIC.server().hostPort(), USER, "wrong-password");
        Cli.Result r = Cli.run(env, "copy", SOURCE.server().hostPort() + "/pub/app:1",
                BASIC.server().hostPort() + "/private/denied:1");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.AUTH);
        assertThat(r.stderr()).startsWith("whittle: ").doesNotContain("wrong-password");
        ExitCodesTest.assertOneSentence(r);
    }

    @Test
    void noCredentialsExitWithFour() {
        Cli.Result r = Cli.run("inspect", BASIC.server().hostPort() + "/private/app:1");
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.AUTH);
        ExitCodesTest.assertOneSentence(r);
        Cli.Result token = Cli.run("tags", TOKEN.server().hostPort() + "/team/app");
        assertThat(token.exitCode()).as(token.toString()).isEqualTo(ExitCode.AUTH);
    }

    /** An environment whose DOCKER_CONFIG holds {@code auths} for one registry, as {@code docker login} writes it. */
    private Map<String, String> dockerConfig(String registry, String user, String password) throws IOException {
        Path dir = Files.createTempDirectory(temp, "docker");
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve("config.json"), "{\"auths\":{\"" + registry + "\":{\"auth\":\"" + auth + "\"}}}");
        return Cli.env(dir);
    }
}
