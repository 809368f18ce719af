package io.whittle.cli.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.cli.ExitCode;
import io.whittle.cli.Shell;
import io.whittle.testkit.emulator.EcrEmulator;
import io.whittle.testkit.emulator.EcrEmulator.AwsKeys;
import io.whittle.testkit.emulator.EcrEmulator.Policy;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code copy --to-connector} into an ECR repository that does not exist yet: ECR refuses such a push, so the
 * connector creates the repository first, or says in one sentence that its credential may not.
 */
class EcrRepositoryCreationTest {
    static EcrEmulator ecr;
    static AwsKeys whittleIdentity;
    static String fullRole;
    static String powerUserRole;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws Exception {
        ecr = EcrEmulator.start();
        whittleIdentity = ecr.user("whittle-cli", new Policy(Set.of(), "*"));
        fullRole = ecr.role("whittle-full", Optional.of("ext-full"), Policy.fullAccess(), "whittle-cli");
        powerUserRole = ecr.role("whittle-push", Optional.of("ext-push"), Policy.powerUser(), "whittle-cli");
        ecr.repository("team/app");
        Seeds.push(ecr.backend(), "team/app", "v1", "cli-ecr-create-app");
    }

    @AfterAll
    static void stop() {
        ecr.close();
    }

    private String add(Flow flow, String name, String role, String externalId) {
        return flow.add("", "ecr", "--name", name, "--set", "region=" + ecr.region(), "--set", "apiUrl=" + ecr.apiUrl(),
                "--set", "stsUrl=" + ecr.stsUrl(), "--set", "authMethod=role", "--set", "roleArn=" + role,
                "--set", "externalId=" + externalId);
    }

    @Test
    void copyCreatesTheMissingRepository() {
        Flow flow = new Flow(new Shell(temp).env("AWS_ACCESS_KEY_ID", whittleIdentity.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", whittleIdentity.secretAccessKey()));
        String id = add(flow, "ecr full", fullRole, "ext-full");
        assertThat(ecr.repositories()).doesNotContain("fresh/app");
        flow.push(id, ecr.registryHostPort() + "/fresh/app:v1", "cli-ecr-fresh");
        assertThat(ecr.repositories()).contains("fresh/app");
        // The repository is there now: a second push goes straight in.
        flow.push(id, ecr.registryHostPort() + "/fresh/app:v2", "cli-ecr-fresh-2");
    }

    @Test
    void withoutCreateRepositoryTheCopyStopsWithOneSentence() {
        Flow flow = new Flow(new Shell(temp).env("AWS_ACCESS_KEY_ID", whittleIdentity.accessKeyId())
                .env("AWS_SECRET_ACCESS_KEY", whittleIdentity.secretAccessKey()));
        String id = add(flow, "ecr power", powerUserRole, "ext-push");
        flow.push(id, ecr.registryHostPort() + "/team/app:pushed", "cli-ecr-power");

        Shell.Result r = flow.run.whittle("copy", Seeds.layoutReference("cli-ecr-none"),
                ecr.registryHostPort() + "/team/none:v1", "--to-connector", id);
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCode.AUTH);
        assertThat(r.stderr()).isEqualTo("whittle: ECR has no repository team/none and the role lacks"
                + " ecr:CreateRepository to create it: create the repository in ECR first, or grant the role"
                + " ecr:CreateRepository.\n");
        assertThat(ecr.repositories()).doesNotContain("team/none");
    }
}
