package io.whittle.cli.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.cli.ExitCode;
import io.whittle.cli.Shell;
import io.whittle.oci.Digest;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.RegistryServer;
import io.whittle.testkit.TestImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generic connector on the real registry with Basic auth, and what every connector must do: a canary secret fed
 * through {@code --secret-stdin} that shows in no output (stack traces included) and in no byte of the database
 * files; key rotation that keeps connectors working; credentials chosen by exact registry host only.
 */
class GenericConnectorTest {
    private static final String CANARY = "CANARY-cli-5ecret-7d1f0a9b-e2c4";
    private static final String WRONG = "CANARY-cli-wrong-55aa01-f00d";

    static RegistryServer registry;
    static RegistryServer open;
    static Digest v1;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() {
        registry = RegistryServer.builder().basic("canary", CANARY).start();
        open = RegistryServer.startNoAuth();
        TestImage image = Seeds.image("cli-generic-app");
        v1 = image.push(registry.url(), "team/app", "v1", Optional.of(new Credentials("canary", CANARY)));
        image.push(open.url(), "pub/app", "v1");
    }

    @AfterAll
    static void stop() {
        registry.close();
        open.close();
    }

    private static String[] add(String name) {
        return new String[] {"generic", "--name", name, "--set", "registry=" + registry.hostPort(),
                "--set", "username=canary", "--secret-stdin", "password"};
    }

    @Test
    void aCanarySecretShowsNowhereAndSurvivesKeyRotation() throws Exception {
        Shell run = new Shell(temp);
        Flow flow = new Flow(run);
        String host = registry.hostPort();
        flow.refused(WRONG + "\n", host + " did not accept the user name and password: check that it is correct and"
                + " has not expired or been revoked.", add("wrong"));

        Shell.Result onCommandLine = run.whittle("connector", "add", "generic", "--name", "cli", "--set",
                "registry=" + host, "--set", "username=canary", "--set", "password=" + CANARY);
        assertThat(onCommandLine.exitCode()).as(onCommandLine.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(onCommandLine.stderr()).isEqualTo("whittle: 'password' is a secret, and secrets are never taken"
                + " from the command line, where shell history and the process list keep them: give it with"
                + " --secret-stdin password or --secret-file password=PATH.\n");

        Shell.Result missing = run.whittle("connector", "add", "generic", "--name", "no secret", "--set",
                "registry=" + host, "--set", "username=canary");
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.stderr()).isEqualTo("whittle: Password or token ('password') is needed: pipe it in with"
                + " --secret-stdin password or give a file with --secret-file password=PATH.\n");

        String id = flow.add(CANARY + "\n", add("canary"));
        flow.listShowTest(id, host, "read-write", "password");
        flow.images(id, "team/app", "v1", v1);
        flow.inspect(id, host + "/team/app:v1", v1);
        flow.push(id, host + "/team/app:pushed", "cli-generic-pushed");
        run.whittle("--debug", "inspect", "--connector", id, host + "/team/app:missing");
        run.whittle("connector", "list", "-o", "json");

        // Edits: a rename keeps the secret; a wrong secret is refused and changes nothing.
        Shell.Result rename = run.whittle("connector", "edit", id, "--name", "canary renamed");
        assertThat(rename.exitCode()).as(rename.toString()).isZero();
        Shell.Result wrongEdit = run.withStdin(WRONG, "--debug", "connector", "edit", id, "--secret-stdin", "password");
        assertThat(wrongEdit.exitCode()).as(wrongEdit.toString()).isEqualTo(ExitCode.AUTH);
        Shell.Result moved = run.whittle("connector", "edit", id, "--set", "registry=" + open.hostPort());
        assertThat(moved.exitCode()).as(moved.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(moved.stderr()).contains("requires its secrets again: enter password", "--secret-stdin");

        // Rotation: a new key version encrypts the secret, and the connector keeps working.
        String keysBefore = Files.readString(run.dataDir.resolve("secret-keys"));
        Shell.Result rotated = run.whittle("connector", "rotate-key");
        assertThat(rotated.exitCode()).as(rotated.toString()).isZero();
        assertThat(rotated.stdout()).contains("key version 2 (1 re-encrypted)", "Retired key versions 1");
        assertThat(Files.readString(run.dataDir.resolve("secret-keys"))).isNotEqualTo(keysBefore);
        flow.listShowTest(id, host, "read-write", "password");
        flow.inspect(id, host + "/team/app:pushed", Seeds.image("cli-generic-pushed").digest());

        String transcript = run.outputs();
        assertThat(transcript).contains(id, "canary renamed", "at io.whittle");
        byte[] db = bytesOf(run.dataDir);
        assertThat(new String(db, StandardCharsets.ISO_8859_1)).as("the database files hold the connector")
                .contains("canary renamed");
        for (String secret : List.of(CANARY, WRONG)) {
            for (String form : forms(secret)) {
                assertThat(transcript).as("output").doesNotContain(form);
                assertThat(new String(db, StandardCharsets.ISO_8859_1)).as("database").doesNotContain(form);
                assertThat(new String(db, StandardCharsets.UTF_16LE)).as("database").doesNotContain(form);
                assertThat(new String(db, StandardCharsets.UTF_16BE)).as("database").doesNotContain(form);
            }
        }
        flow.remove(id);
    }

    @Test
    void credentialsGoByExactHostOnly() {
        Shell run = new Shell(temp);
        Flow flow = new Flow(run);
        String host = registry.hostPort();
        String sameServerOtherName = "localhost:" + registry.port();

        // No connector saved: plain registry commands create no database.
        Shell.Result anonymous = run.whittle("digest", open.hostPort() + "/pub/app:v1");
        assertThat(anonymous.exitCode()).as(anonymous.toString()).isZero();
        assertThat(Files.exists(run.dataDir)).isFalse();

        String id = flow.add(CANARY, add("exact"));
        Shell.Result implicit = run.whittle("digest", host + "/team/app:v1");
        assertThat(implicit.exitCode()).as(implicit.toString()).isZero();
        assertThat(implicit.stdout().strip()).isEqualTo(v1.toString());

        // The same server under another name is another host: no credentials go there.
        Shell.Result otherName = run.whittle("digest", sameServerOtherName + "/team/app:v1");
        assertThat(otherName.exitCode()).as(otherName.toString()).isEqualTo(ExitCode.AUTH);
        Shell.Result mismatch = run.whittle("inspect", "--connector", id, sameServerOtherName + "/team/app:v1");
        assertThat(mismatch.exitCode()).as(mismatch.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(mismatch.stderr()).isEqualTo("whittle: Connector " + id + " holds credentials for " + host
                + ", not for " + sameServerOtherName + ": pick a connector for " + sameServerOtherName
                + " (whittle connector list).\n");

        Shell.Result layout = run.whittle("inspect", "--connector", id, Seeds.layoutReference("cli-generic-layout"));
        assertThat(layout.exitCode()).as(layout.toString()).isEqualTo(ExitCode.USAGE);
        assertThat(run.whittle("tags", "--connector", "nonsense", host + "/team/app").exitCode())
                .isEqualTo(ExitCode.USAGE);
        Shell.Result unknown = run.whittle("tags", "--connector", "generic.0000000000", host + "/team/app");
        assertThat(unknown.exitCode()).as(unknown.toString()).isEqualTo(ExitCode.NOT_FOUND);

        Shell.Result tags = run.whittle("tags", "--connector", id, host + "/team/app");
        assertThat(tags.stdout().lines()).contains("v1");
        Shell.Result catalog = run.whittle("catalog", "--connector", id, host);
        assertThat(catalog.stdout().lines()).contains("team/app");

        // Copy out of the connector's registry into one that needs no credentials, and back in.
        Shell.Result out = run.whittle("copy", "--from-connector", id, host + "/team/app:v1",
                open.hostPort() + "/mirror/app:v1", "-o", "json");
        assertThat(out.exitCode()).as(out.toString()).isZero();
        assertThat(out.json().path("digest").asText()).isEqualTo(v1.toString());
        Shell.Result back = run.whittle("copy", open.hostPort() + "/pub/app:v1", host + "/team/app:from-open",
                "--to-connector", id);
        assertThat(back.exitCode()).as(back.toString()).isZero();
    }

    /** The secret, and the base64 forms a Basic header would carry it in. */
    private static List<String> forms(String secret) {
        List<String> out = new ArrayList<>(List.of(secret));
        out.add(Base64.getEncoder().encodeToString(("canary:" + secret).getBytes(StandardCharsets.UTF_8)));
        out.add(Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    private static byte[] bytesOf(Path dir) throws IOException {
        var all = new java.io.ByteArrayOutputStream();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                all.write(Files.readAllBytes(p));
            }
        }
        return all.toByteArray();
    }
}
