package io.whittle.cli.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.cli.ExitCode;
import io.whittle.cli.Shell;
import io.whittle.oci.Digest;
import io.whittle.testkit.emulator.EcrEmulator;
import io.whittle.testkit.emulator.EcrEmulator.AwsKeys;
import io.whittle.testkit.emulator.EcrEmulator.Policy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Amazon ECR from the command line, against the ECR and STS emulator: access keys, and a cross-account role that
 * Whittle's own identity (from the environment) assumes with an ExternalId.
 */
class EcrConnectorTest {
    static EcrEmulator ecr;
    static AwsKeys whittleIdentity;
    static String roleArn;
    static String readOnlyRoleArn;
    static Digest v1;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws Exception {
        ecr = EcrEmulator.start();
        whittleIdentity = ecr.user("whittle-cli", new Policy(Set.of(), "*"));
        roleArn = ecr.role("whittle-ecr", Optional.of("ext-cli-7f3a"), Policy.fullAccess(), "whittle-cli");
        readOnlyRoleArn = ecr.role("whittle-ro", Optional.of("ext-cli-ro"), Policy.readOnly(), "whittle-cli");
        ecr.repository("team/app").repository("team/tools");
        v1 = Seeds.push(ecr.backend(), "team/app", "v1", "cli-ecr-app");
    }

    @AfterAll
    static void stop() {
        ecr.close();
    }

    private Shell run() {
        return new Shell(temp).env("AWS_ACCESS_KEY_ID", whittleIdentity.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", whittleIdentity.secretAccessKey());
    }

    private static String[] role(String name, String arn, String externalId) {
        return args(name, "--set", "authMethod=role", "--set", "roleArn=" + arn, "--set", "externalId=" + externalId);
    }

    private static String[] keys(String name, String accessKeyId) {
        return args(name, "--set", "authMethod=keys", "--set", "accessKeyId=" + accessKeyId, "--secret-stdin",
                "secretAccessKey");
    }

    private static String[] args(String name, String... more) {
        List<String> a = new ArrayList<>(List.of("ecr", "--name", name, "--set", "region=" + ecr.region(),
                "--set", "apiUrl=" + ecr.apiUrl(), "--set", "stsUrl=" + ecr.stsUrl()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void roleWithExternalId() {
        Flow flow = new Flow(run());
        String host = ecr.registryHostPort();
        flow.refused("", "The ECR role cannot be assumed: check the role ARN, that its trust policy names Whittle's AWS"
                + " account, and that the ExternalId matches the trust policy's.", role("ecr wrong id", roleArn,
                "ext-wrong"));

        String id = flow.add("", role("ecr role", roleArn, "ext-cli-7f3a"));
        flow.listShowTest(id, host, "read-write", "");
        flow.images(id, "team/app", "v1", v1);
        flow.inspect(id, host + "/team/app:v1", v1);
        flow.push(id, host + "/team/app:pushed", "cli-ecr-pushed");

        String readOnly = flow.add("", role("ecr read", readOnlyRoleArn, "ext-cli-ro"));
        flow.pushRefused(readOnly, host + "/team/app:nope", "cli-ecr-nope", "push blob", "denied access");
        flow.remove(readOnly);
        flow.remove(id);
    }

    @Test
    void accessKeys() {
        Flow flow = new Flow(run());
        String host = ecr.registryHostPort();
        AwsKeys ci = ecr.user("ci", Policy.fullAccess());
        flow.refused("x" + ci.secretAccessKey().substring(1) + "\n", "AWS did not accept the access key:"
                + " check the access key ID and secret, and that the key is active.", keys("ecr typo",
                ci.accessKeyId()));
        String id = flow.add(ci.secretAccessKey() + "\n", keys("ecr keys", ci.accessKeyId()));
        flow.listShowTest(id, host, "read-write", "secretAccessKey");
        flow.images(id, "team/app", "v1", v1);
        flow.push(id, host + "/team/app:pushed-keys", "cli-ecr-keys");
        flow.remove(id);
    }

    @Test
    void aRoleConnectorNeedsWhittlesOwnIdentity() {
        // Without AWS keys in the environment (and none in this test's profile files) nobody can assume the role.
        Shell.Result r = new Shell(temp).env("AWS_SHARED_CREDENTIALS_FILE", temp.resolve("none").toString())
                .env("AWS_CONFIG_FILE", temp.resolve("none").toString())
                .whittle(concat("connector", "add", role("ecr no identity", roleArn, "ext-cli-7f3a")));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.AUTH);
        assertThat(r.stderr()).contains("operator");
    }

    private static String[] concat(String a, String b, String... rest) {
        List<String> all = new ArrayList<>(List.of(a, b));
        all.addAll(List.of(rest));
        return all.toArray(String[]::new);
    }
}
