package io.whittle.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.connector.ecr.EcrProvider;
import io.whittle.connector.generic.GenericProvider;
import io.whittle.connector.github.GitHubProvider;
import io.whittle.connector.google.GoogleProvider;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorId;
import io.whittle.platform.secret.SecretValue;
import io.whittle.registry.RegistryClient;
import io.whittle.testkit.RegistryServer;
import io.whittle.testkit.TokenIssuer.Grant;
import io.whittle.testkit.emulator.EcrEmulator;
import io.whittle.testkit.emulator.GitHubEmulator;
import io.whittle.testkit.emulator.GoogleEmulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/**
 * Canary secrets go through whole flows (add, check, list, tags, inspect, push, delete, test, edit, failures) of
 * several providers; afterwards none appears in any return value, exception (message or stack trace), the log of
 * the test run, or the database files.
 */
class CanaryTest {
    private static final String CANARY = "CANARY-5ecret-7d1f0a9b-e2c4";
    private static final String WRONG_CANARY = "CANARY-wrong-55aa01-f00d";

    private final StringBuilder seen = new StringBuilder();

    private void saw(Object o) {
        seen.append(o).append('\n');
    }

    private void failed(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        seen.append(t.getMessage()).append('\n').append(w).append('\n');
    }

    private interface Step {
        Object run() throws Exception;
    }

    private void expectFailure(Step s) {
        try {
            saw(s.run());
            throw new AssertionError("the step should have failed");
        } catch (AssertionError e) {
            throw e;
        } catch (Exception e) {
            failed(e);
        }
    }

    @Test
    void canariesAppearNowhere() throws Exception {
        List<String> canaries = new ArrayList<>(List.of(CANARY, WRONG_CANARY));
        try (RegistryServer registry = RegistryServer.builder().basic("canary", CANARY).start();
             GitHubEmulator github = GitHubEmulator.start().user("octo");
             EcrEmulator ecr = EcrEmulator.start();
             GoogleEmulator google = GoogleEmulator.startGcr();
             TestPlatform platform = TestPlatform.start(new GenericProvider(), new GitHubProvider(),
                     new EcrProvider(AnonymousCredentialsProvider.create()), new GoogleProvider())) {
            ConnectorService service = platform.service;
            Images.image("canary").push(registry.url(), "team/app", "v1", registry.credentials());

            // generic, with a password we chose
            FieldValues generic = FieldValues.of(Map.of("registry", registry.hostPort(), "username", "canary"),
                    Map.of("password", SecretValue.of(CANARY)));
            saw(generic);
            saw(NewConnector.of("generic", "canary", generic));
            ConnectorOutcome added = service.add(TestPlatform.ORG, NewConnector.of("generic", "canary", generic));
            saw(added);
            Connector c = added.connector();
            runFlow(platform, c, "team/app", "v1");
            expectFailure(() -> service.add(TestPlatform.ORG, NewConnector.of("generic", "wrong",
                    FieldValues.of(generic.settings(), Map.of("password", SecretValue.of(WRONG_CANARY))))));
            saw(service.add(TestPlatform.ORG, NewConnector.of("generic", "wrong kept", FieldValues.of(
                    generic.settings(), Map.of("password", SecretValue.of(WRONG_CANARY)))).unverified()));
            saw(service.edit(TestPlatform.ORG, c.id(), ConnectorChange.of(c).rename("canary 2")));
            expectFailure(() -> service.edit(TestPlatform.ORG, c.id(), ConnectorChange.of(service.show(
                    TestPlatform.ORG, c.id())).secret("password", SecretValue.of(WRONG_CANARY))));

            // GitHub, whose token goes to the REST API and the registry
            String pat = github.classicToken("octo", Set.of("write:packages", "delete:packages"), Optional.empty());
            canaries.add(pat);
            Seed.push(github.backend(), "octo/app", "v1", "canary-gh");
            FieldValues gh = FieldValues.of(Map.of("username", "octo", "registry", github.registryHostPort(),
                    "apiUrl", github.apiUrl()), Map.of("token", SecretValue.of(pat)));
            Connector ghc = service.add(TestPlatform.ORG, NewConnector.of("ghcr", "canary gh", gh)).connector();
            saw(ghc);
            runFlow(platform, ghc, "octo/app", "v1");
            expectFailure(() -> service.check("ghcr", FieldValues.of(gh.settings(),
                    Map.of("token", SecretValue.of(pat + "x")))));

            // ECR with access keys, through the AWS SDK
            EcrEmulator.AwsKeys keys = ecr.user("canary", EcrEmulator.Policy.fullAccess());
            canaries.add(keys.secretAccessKey());
            ecr.repository("team/app");
            Seed.push(ecr.backend(), "team/app", "v1", "canary-ecr");
            FieldValues aws = FieldValues.of(Map.of("region", ecr.region(), "authMethod", "keys", "accessKeyId",
                    keys.accessKeyId(), "apiUrl", ecr.apiUrl(), "stsUrl", ecr.stsUrl()),
                    Map.of("secretAccessKey", SecretValue.of(keys.secretAccessKey())));
            Connector ecrc = service.add(TestPlatform.ORG, NewConnector.of("ecr", "canary ecr", aws)).connector();
            saw(ecrc);
            runFlow(platform, ecrc, "team/app", "v1");
            expectFailure(() -> service.check("ecr", FieldValues.of(aws.settings(),
                    Map.of("secretAccessKey", SecretValue.of(WRONG_CANARY)))));

            // Google, whose secret is a multi-line JSON key with a private key inside
            var sa = google.serviceAccount("proj", "canary", Grant.repository("proj/*", "pull", "push", "delete"));
            String privateKey = io.whittle.oci.Json.MAPPER.readTree(sa.keyJson()).path("private_key").asText();
            String keyBody = privateKey.split("\n")[1];
            canaries.add(keyBody);
            Seed.push(google.backend(), "proj/app", "v1", "canary-gcr");
            FieldValues gcp = FieldValues.of(Map.of("registry", google.registryHostPort(), "tokenUrl",
                    google.tokenUri()), Map.of("key", SecretValue.of(sa.keyJson())));
            Connector gc = service.add(TestPlatform.ORG, NewConnector.of("gcr", "canary gcr", gcp)).connector();
            saw(gc);
            runFlow(platform, gc, "proj/app", "v1");
            String broken = sa.keyJson().replace(keyBody, keyBody.substring(0, 20) + "AAAA" + keyBody.substring(24));
            expectFailure(() -> service.check("gcr", FieldValues.of(gcp.settings(),
                    Map.of("key", SecretValue.of(broken)))));

            saw(service.list(TestPlatform.ORG));
            for (Connector x : service.list(TestPlatform.ORG)) {
                if (!x.id().equals(ConnectorId.DOCKERHUB_PUBLIC)) {
                    saw(service.test(TestPlatform.ORG, x.id()));
                }
            }

            String outputs = seen.toString();
            assertThat(outputs).contains("canary", "octo/app", "team/app");
            String log = Files.readString(Path.of(System.getProperty("org.slf4j.simpleLogger.logFile",
                    "target/connector-tests.log")), StandardCharsets.UTF_8);
            assertThat(log).contains("RestClient");
            byte[] db = platform.databaseBytes();
            assertThat(db.length).isGreaterThan(1000);
            String dbText = new String(db, StandardCharsets.ISO_8859_1);
            assertThat(dbText).as("the database files hold the connectors").contains("canary gcr");
            for (String canary : canaries) {
                for (String form : forms(canary)) {
                    assertThat(outputs).as("outputs").doesNotContain(form);
                    assertThat(log).as("log").doesNotContain(form);
                    assertThat(dbText).as("database").doesNotContain(form);
                }
            }
        }
    }

    /** The secret and the base64 forms an Authorization header would carry. */
    private static List<String> forms(String secret) {
        List<String> out = new ArrayList<>(List.of(secret));
        for (String user : List.of("canary", "octo", "AWS", "_json_key")) {
            out.add(Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    private void runFlow(TestPlatform p, Connector c, String repo, String tag) throws Exception {
        ConnectorService service = p.service;
        saw(service.show(TestPlatform.ORG, c.id()));
        saw(service.repositories(TestPlatform.ORG, c.id(), Optional.empty(), 10));
        saw(service.allTags(TestPlatform.ORG, c.id(), repo, 100));
        try (ConnectorKeychain k = service.keychain(TestPlatform.ORG, c.id());
             RegistryClient client = p.context.registryClient().keychain(k).build()) {
            saw(k);
            saw(k.resolve(c.registryHost()));
            saw(client.repository(c.registryHost(), repo).manifest(tag));
            saw(Images.push(client, c.registryHost(), repo, "canary-pushed", "canary-" + c.id()));
        }
        saw(service.tags(TestPlatform.ORG, c.id(), repo, Optional.empty(), 10));
        saw(service.test(TestPlatform.ORG, c.id()));
        try {
            service.deleteTag(TestPlatform.ORG, c.id(), repo, "canary-pushed");
        } catch (Exception e) {
            failed(e);
        }
        expectFailure(() -> {
            service.deleteTag(TestPlatform.ORG, c.id(), repo, "no-such-tag");
            return null;
        });
        try (Connection conn = service.open(TestPlatform.ORG, c.id())) {
            saw(conn);
            saw(conn.check());
        }
    }
}
