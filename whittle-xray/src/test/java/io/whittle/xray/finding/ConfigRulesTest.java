package io.whittle.xray.finding;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.oci.ImageConfig;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class ConfigRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY";

    /** A config built as JSON and parsed, so the rules see what the parser really produces. */
    static ImageConfig config(Consumer<ObjectNode> run, String... history) {
        ObjectNode root = JSON.createObjectNode().put("architecture", "amd64").put("os", "linux");
        run.accept(root.putObject("config"));
        var h = root.putArray("history");
        for (String c : history) {
            h.addObject().put("created_by", c);
        }
        try {
            return ImageConfig.parse(JSON.writeValueAsBytes(root));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Finding> check(Consumer<ObjectNode> run, String... history) {
        return ConfigRules.check(config(run, history));
    }

    static List<Finding> withId(List<Finding> findings, String id) {
        return findings.stream().filter(f -> f.id().equals(id)).toList();
    }

    static Consumer<ObjectNode> healthy(Consumer<ObjectNode> more) {
        return c -> {
            c.put("User", "app");
            c.putObject("Healthcheck").putArray("Test").add("CMD-SHELL").add("true");
            more.accept(c);
        };
    }

    @Test
    void rootUserWhenAbsentOrRootByNameOrId() {
        for (String user : List.of("", "root", "0", "0:0", "root:staff", " 0 ")) {
            assertThat(withId(check(c -> c.put("User", user)), "root-user")).as(user).singleElement()
                    .satisfies(f -> {
                        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
                        assertThat(f.path()).isEqualTo("config.User");
                    });
        }
        assertThat(withId(check(c -> { }), "root-user")).hasSize(1);
        for (String user : List.of("nobody", "1000", "1000:0", "app:app")) {
            assertThat(withId(check(c -> c.put("User", user)), "root-user")).as(user).isEmpty();
        }
    }

    @Test
    void secretsInEnvAreHighAndNeverQuoted() {
        List<Finding> found = check(healthy(c -> c.putArray("Env")
                .add("PATH=/usr/local/bin:/usr/bin")
                .add("AWS_SECRET_ACCESS_KEY=" + SECRET)
                .add("GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D")
                .add("DB_PASSWORD=")
                .add("PASSWORD_FILE=/run/secrets/db")
                .add("BUILD_ID=AKIA2E0A8F3B244C9986")
                .add("DATABASE_URL=postgres://app:pg-Passw0rd@db:5432/app")
                .add("apiToken=tok_1234567890abcdef")
                .add("PWD=/app")));
        assertThat(found).allSatisfy(f -> assertThat(f.id()).isEqualTo("env-secret"));
        assertThat(found).extracting(Finding::path).containsExactly("config.Env.AWS_SECRET_ACCESS_KEY",
                "config.Env.BUILD_ID", "config.Env.DATABASE_URL", "config.Env.apiToken");
        assertThat(found).allSatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.HIGH);
            assertThat(f.message()).doesNotContain(SECRET).doesNotContain("AKIA2E0A8F3B244C9986")
                    .doesNotContain("pg-Passw0rd").doesNotContain("tok_1234567890abcdef");
        });
        assertThat(found.getFirst().message()).contains("wJal…");
    }

    @Test
    void secretsInLabelsAndBuildArgs() {
        List<Finding> found = check(healthy(c -> c.putObject("Labels")
                        .put("org.opencontainers.image.source", "https://example.com")
                        .put("com.example.deploy-token", "glpat-abcdefghijklmnop")),
                "/bin/sh -c #(nop)  ARG NPM_TOKEN",
                "|2 NPM_TOKEN=npm_s3cr3tT0k3nValue0000 VERSION=1 /bin/sh -c npm ci",
                "RUN |1 VERSION=1 /bin/sh -c make # buildkit",
                "RUN |1 GITHUB_TOKEN=ghp_abcdefghijklmnopqrst /bin/sh -c git clone x # buildkit");
        assertThat(found).extracting(Finding::id, Finding::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("label-secret", "config.Labels.com.example.deploy-token"),
                org.assertj.core.groups.Tuple.tuple("build-arg-secret", "history[1].created_by"),
                org.assertj.core.groups.Tuple.tuple("build-arg-secret", "history[3].created_by"));
        assertThat(found).allSatisfy(f -> assertThat(f.message()).doesNotContain("glpat-abcdefghijklmnop")
                .doesNotContain("npm_s3cr3tT0k3nValue0000").doesNotContain("ghp_abcdefghijklmnopqrst"));
    }

    @Test
    void healthcheckAbsentOrNone() {
        assertThat(withId(check(c -> { }), "no-healthcheck")).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.LOW));
        assertThat(withId(check(c -> c.putObject("Healthcheck").putArray("Test").add("NONE")), "no-healthcheck"))
                .hasSize(1);
        assertThat(withId(check(healthy(c -> { })), "no-healthcheck")).isEmpty();
    }

    @Test
    void oneInfoPerExposedPortWithAPrivilegedNote() {
        List<Finding> found = withId(check(c -> {
            ObjectNode ports = c.putObject("ExposedPorts");
            ports.putObject("80/tcp");
            ports.putObject("8080/tcp");
            ports.putObject("53/udp");
        }), "exposed-port");
        assertThat(found).extracting(Finding::path).containsExactlyInAnyOrder("config.ExposedPorts.80/tcp",
                "config.ExposedPorts.8080/tcp", "config.ExposedPorts.53/udp");
        assertThat(found).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
        assertThat(found).filteredOn(f -> f.path().endsWith("8080/tcp")).singleElement()
                .satisfies(f -> assertThat(f.message()).doesNotContain("privileged"));
        assertThat(found).filteredOn(f -> f.path().endsWith("80/tcp") && !f.path().endsWith("8080/tcp"))
                .singleElement().satisfies(f -> assertThat(f.message()).contains("privileged"));
    }

    @Test
    void aWellBehavedConfigHasNoFindings() {
        assertThat(check(healthy(c -> c.putArray("Env").add("LANG=C.UTF-8")))).isEmpty();
    }
}
