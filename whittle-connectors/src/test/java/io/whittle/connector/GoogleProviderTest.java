package io.whittle.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.connector.google.GoogleProvider;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.platform.connector.Access;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.secret.SecretValue;
import io.whittle.testkit.TokenIssuer.Grant;
import io.whittle.testkit.emulator.GoogleEmulator;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GoogleProviderTest {
    static TestPlatform platform;
    static GoogleEmulator gcr;
    static GoogleEmulator ar;
    static Digest gcrApp;
    static Digest arApp;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start(new GoogleProvider());
        gcr = GoogleEmulator.startGcr();
        ar = GoogleEmulator.startArtifactRegistry("europe-west1");
        gcrApp = Seed.push(gcr.backend(), "proj/app", "v1", "gcr-app");
        Seed.push(gcr.backend(), "proj/tools", "v1", "gcr-tools");
        arApp = Seed.push(ar.backend(), "proj/docker/app", "v1", "ar-app");
        Seed.push(ar.backend(), "proj/docker/tools", "v1", "ar-tools");
        Seed.push(ar.backend(), "proj/docker/team/site", "v1", "ar-site");
    }

    @AfterAll
    static void stop() throws Exception {
        gcr.close();
        ar.close();
        platform.close();
    }

    static FieldValues values(GoogleEmulator e, String keyJson, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("registry", e.registryHostPort(), "tokenUrl",
                e.tokenUri(), "apiUrl", e.apiUrl()));
        settings.putAll(extra);
        return FieldValues.of(settings, Map.of("key", SecretValue.of(keyJson)));
    }

    static FieldValues arValues(String keyJson) {
        return values(ar, keyJson, Map.of("repository", "docker", "location", "europe-west1", "project", "proj"));
    }

    @Test
    void containerRegistryFullFlow() throws Exception {
        var sa = gcr.serviceAccount("proj", "whittle", Grant.repository("proj/*", "pull", "push", "delete"));
        Connector c = Flow.add(platform, "gcr", "gcr full", values(gcr, sa.keyJson(), Map.of()), Access.READ_WRITE);
        Flow.run(platform, c, "proj/app", "v1", gcrApp, "gcr-pushed");
    }

    @Test
    void artifactRegistryFullFlowThroughItsApiWithPagination() throws Exception {
        var sa = ar.serviceAccount("proj", "writer", Grant.repository("proj/docker/*", "pull", "push", "delete"));
        Connector c = Flow.add(platform, "gcr", "ar full", arValues(sa.keyJson()), Access.READ_WRITE);
        Flow.run(platform, c, "proj/docker/app", "v1", arApp, "ar-pushed");
        RepositoryPage first = platform.service.repositories(TestPlatform.ORG, c.id(), Optional.empty(), 1);
        assertThat(first.items()).hasSize(1);
        assertThat(first.next()).isPresent();
        assertThat(platform.service.allRepositories(TestPlatform.ORG, c.id(), 100)).extracting(RepositoryInfo::name)
                .containsExactlyInAnyOrder("proj/docker/app", "proj/docker/tools", "proj/docker/team/site");
        assertThat(platform.service.allTags(TestPlatform.ORG, c.id(), "proj/docker/app", 10)).singleElement()
                .satisfies(t -> {
                    assertThat(t.digest()).contains(arApp);
                    assertThat(t.size()).isPresent();
                });
    }

    @Test
    void expiredAccessTokensAreRenewedTransparently() throws Exception {
        var sa = ar.serviceAccount("proj", "renew", Grant.repository("proj/docker/*", "pull"));
        Connector c = Flow.add(platform, "gcr", "ar renew", arValues(sa.keyJson()), Access.READ_ONLY);
        ar.accessTokenLifetime(Duration.ofSeconds(1));
        try (Connection conn = platform.service.open(TestPlatform.ORG, c.id())) {
            ar.clearRequests();
            assertThat(conn.repositories(Optional.empty(), 10).items()).isNotEmpty();
            Thread.sleep(1200);
            assertThat(conn.repositories(Optional.empty(), 10).items()).isNotEmpty();
        } finally {
            ar.accessTokenLifetime(Duration.ofSeconds(3599));
        }
        assertThat(ar.requests("oauth")).hasSizeGreaterThanOrEqualTo(2).allMatch(r -> r.status() == 200);
        assertThat(ar.requests("api")).allMatch(r -> r.status() == 200);
    }

    @Test
    void readOnlyServiceAccountCannotPush() throws Exception {
        var sa = gcr.serviceAccount("proj", "reader", Grant.repository("proj/*", "pull"));
        Connector c = Flow.add(platform, "gcr", "gcr read", values(gcr, sa.keyJson(), Map.of()), Access.READ_ONLY);
        Flow.readsButCannotPush(platform, c, "proj/app", "v1", gcrApp, "gcr-nope");
    }

    @Test
    void keyProblemsAreNamed() throws Exception {
        assertThatThrownBy(() -> platform.service.check("gcr", values(gcr, "{not json", Map.of())))
                .isInstanceOfSatisfying(InvalidFieldsException.class, e -> {
                    assertThat(e.field()).contains("key");
                    assertThat(e.getMessage()).isEqualTo("The service-account key is not valid JSON: paste the whole"
                            + " downloaded key file.");
                });
        var sa = gcr.serviceAccount("proj", "elsewhere", Grant.repository("proj/*", "pull"));
        FieldValues noTokenUrl = FieldValues.of(Map.of("registry", gcr.registryHostPort()),
                Map.of("key", SecretValue.of(sa.keyJson())));
        assertThatThrownBy(() -> platform.service.check("gcr", noTokenUrl))
                .isInstanceOfSatisfying(InvalidFieldsException.class, e -> {
                    assertThat(e.field()).contains("key");
                    assertThat(e.getMessage()).contains("token_uri");
                });
        var stranger = ar.serviceAccount("proj", "stranger");
        assertThatThrownBy(() -> platform.service.check("gcr", values(gcr, stranger.keyJson(),
                Map.of("tokenUrl", ar.tokenUri()))))
                .isInstanceOfSatisfying(ConnectorCheckException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.UNAUTHORIZED);
                    assertThat(e.field()).contains("key");
                });
    }
}
