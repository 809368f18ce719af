package io.whittle.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.oci.AccessException;
import io.whittle.oci.Descriptor;
import io.whittle.oci.Failure;
import io.whittle.oci.Json;
import io.whittle.oci.MediaType;
import io.whittle.registry.auth.Credential;
import io.whittle.registry.auth.Keychain;
import io.whittle.testkit.Fault;
import io.whittle.testkit.FaultProxy;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.RegistryExtension;
import io.whittle.testkit.TestImage;
import io.whittle.testkit.TokenIssuer;
import io.whittle.testkit.TokenIssuer.Grant;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bearer-token behaviour against a real registry and its token issuer. */
class TokenAuthTest {
    private static final TokenIssuer.Config CONFIG = TokenIssuer.Config.defaults()
            .withUser("bob", "bob-canary-pw", Grant.all())
            .withUser("reader", "reader-pw", Grant.repository("*", "pull"))
            .withAnonymous(Grant.repository("public/*", "pull"));

    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.token(CONFIG);

    static ImageFactory factory;
    static TestImage image;

    @BeforeAll
    static void seed() throws Exception {
        factory = ImageFactory.temporary();
        image = factory.smallImage(ImageFormat.OCI, "token-seed");
        image.push(REGISTRY.url(), "team/a", "v1", REGISTRY.credentials());
        image.push(REGISTRY.url(), "public/open", "v1", REGISTRY.credentials());
    }

    @AfterAll
    static void drop() {
        factory.close();
    }

    @AfterEach
    void restore() {
        REGISTRY.issuer().reconfigure(CONFIG);
    }

    private static RegistryClient client(Credential c) {
        Keychain k = host -> host.equals(REGISTRY.hostPort()) ? c : Credential.ANONYMOUS;
        return RegistryClient.builder().keychain(k).retries(TestSupport.fastRetries()).build();
    }

    private static RegistryClient bob() {
        return client(new Credential.Basic("bob", "bob-canary-pw"));
    }

    private static List<TokenIssuer.Request> issued() {
        return REGISTRY.issuer().requests();
    }

    @Test
    void asksForTheScopeOfEachRepositoryAndAction() throws Exception {
        try (RegistryClient c = bob()) {
            REGISTRY.issuer().clearRequests();
            c.repository(REGISTRY.hostPort(), "team/a").manifest("v1");
            assertThat(issued()).singleElement().satisfies(r -> {
                assertThat(r.scopes()).containsExactly("repository:team/a:pull");
                assertThat(r.basic()).isTrue();
                assertThat(r.service()).contains(CONFIG.service());
                assertThat(r.method()).isEqualTo("GET");
            });

            REGISTRY.issuer().clearRequests();
            byte[] data = "scoped upload".getBytes();
            Descriptor d = Descriptor.of(MediaType.OCI_LAYER, data);
            c.repository(REGISTRY.hostPort(), "team/b").putBlob(d, new ByteArrayInputStream(data));
            assertThat(issued()).extracting(TokenIssuer.Request::scopes)
                    .containsOnly(List.of("repository:team/b:pull,push"));

            REGISTRY.issuer().clearRequests();
            Descriptor layer = image.layerDescriptors().getFirst();
            assertThat(c.repository(REGISTRY.hostPort(), "team/c").mountBlob(layer,
                    c.repository(REGISTRY.hostPort(), "team/a"))).isTrue();
            assertThat(issued()).singleElement().satisfies(r -> assertThat(r.scopes())
                    .containsExactlyInAnyOrder("repository:team/c:pull,push", "repository:team/a:pull"));

            REGISTRY.issuer().clearRequests();
            c.catalog(REGISTRY.hostPort(), 100);
            assertThat(issued()).extracting(TokenIssuer.Request::scopes).containsOnly(List.of("registry:catalog:*"));
        }
    }

    @Test
    void deletesWithTheDeleteAction() throws Exception {
        TestImage doomed = factory.smallImage(ImageFormat.OCI, "doomed");
        doomed.push(REGISTRY.url(), "team/doomed", "v1", REGISTRY.credentials());
        try (RegistryClient c = bob()) {
            REGISTRY.issuer().clearRequests();
            c.repository(REGISTRY.hostPort(), "team/doomed").deleteManifest(doomed.digest().toString());
            assertThat(issued()).extracting(TokenIssuer.Request::scopes)
                    .contains(List.of("repository:team/doomed:delete"));
        }
    }

    @Test
    void cachesTokensPerScopeSet() throws Exception {
        try (RegistryClient c = bob()) {
            REGISTRY.issuer().clearRequests();
            RegistryRepository repo = c.repository(REGISTRY.hostPort(), "team/a");
            for (int i = 0; i < 5; i++) {
                repo.manifest("v1");
                repo.headBlob(image.layerDescriptors().getFirst().digest());
            }
            c.repository(REGISTRY.hostPort(), "public/open").manifest("v1");
            assertThat(issued()).hasSize(2);
        }
    }

    @Test
    void threadsShareOneTokenFetch() throws Exception {
        try (RegistryClient c = bob()) {
            REGISTRY.issuer().clearRequests();
            RegistryRepository repo = c.repository(REGISTRY.hostPort(), "team/a");
            var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<io.whittle.oci.Digest>> all = new java.util.ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    all.add(pool.submit(() -> repo.manifest("v1").digest()));
                }
                for (var f : all) {
                    assertThat(f.get()).isEqualTo(image.digest());
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(issued()).hasSize(1);
        }
    }

    @Test
    void refreshesOnceWhenTheRegistryRefusesACachedToken() throws Exception {
        REGISTRY.issuer().reconfigure(CONFIG.withExpiredTokens(1));
        try (RegistryClient c = bob()) {
            REGISTRY.issuer().clearRequests();
            assertThat(c.repository(REGISTRY.hostPort(), "team/a").manifest("v1").digest()).isEqualTo(image.digest());
            assertThat(issued()).hasSize(2);
        }
    }

    @Test
    void fetchesANewTokenWhenTheOldOneExpires() throws Exception {
        REGISTRY.issuer().reconfigure(CONFIG.withTokenLifetime(Duration.ofSeconds(1)));
        try (RegistryClient c = bob()) {
            REGISTRY.issuer().clearRequests();
            RegistryRepository repo = c.repository(REGISTRY.hostPort(), "team/a");
            repo.manifest("v1");
            repo.manifest("v1");
            assertThat(issued()).hasSize(1);
            Thread.sleep(1100);
            repo.manifest("v1");
            assertThat(issued()).hasSize(2);
        }
    }

    @Test
    void acceptsTokenOrAccessTokenAndAMissingExpiry() throws Exception {
        for (TokenIssuer.TokenField field : TokenIssuer.TokenField.values()) {
            REGISTRY.issuer().reconfigure(CONFIG.withTokenField(field).withExpiresIn(false));
            try (RegistryClient c = bob()) {
                assertThat(c.repository(REGISTRY.hostPort(), "team/a").manifest("v1").digest())
                        .as("answer with %s", field).isEqualTo(image.digest());
            }
        }
    }

    @Test
    void exchangesAnIdentityTokenWithTheOAuth2RefreshGrant() throws Exception {
        String refresh = refreshTokenFor("bob", "bob-canary-pw");
        try (RegistryClient c = client(new Credential.IdentityToken(refresh))) {
            REGISTRY.issuer().clearRequests();
            assertThat(c.repository(REGISTRY.hostPort(), "team/a").manifest("v1").digest()).isEqualTo(image.digest());
            assertThat(issued()).singleElement().satisfies(r -> {
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.grantType()).contains("refresh_token");
                assertThat(r.scopes()).containsExactly("repository:team/a:pull");
                assertThat(r.status()).isEqualTo(200);
            });
        }
    }

    @Test
    void fallsBackToAPlainTokenRequestWhenTheServiceRefusesPost() throws Exception {
        REGISTRY.issuer().reconfigure(CONFIG.withPost(false));
        try (RegistryClient c = client(new Credential.IdentityToken("rt-unknown"))) {
            REGISTRY.issuer().clearRequests();
            // public content still comes through the anonymous token
            assertThat(c.repository(REGISTRY.hostPort(), "public/open").manifest("v1").digest())
                    .isEqualTo(image.digest());
            assertThat(issued()).extracting(TokenIssuer.Request::method).containsExactly("POST", "GET");
        }
    }

    @Test
    void usesARegistryTokenAsItIs() throws Exception {
        String token = REGISTRY.issuer().mint("bob", List.of(TokenIssuer.Access.repository("team/a", "pull")));
        try (RegistryClient c = client(new Credential.RegistryToken(token))) {
            REGISTRY.issuer().clearRequests();
            assertThat(c.repository(REGISTRY.hostPort(), "team/a").manifest("v1").digest()).isEqualTo(image.digest());
            assertThat(issued()).isEmpty();
        }
    }

    @Test
    void anonymousPullWorksForPublicRepositories() throws Exception {
        try (RegistryClient c = client(Credential.ANONYMOUS)) {
            assertThat(c.repository(REGISTRY.hostPort(), "public/open").manifest("v1").digest())
                    .isEqualTo(image.digest());
            assertThatThrownBy(() -> c.repository(REGISTRY.hostPort(), "team/a").manifest("v1"))
                    .isInstanceOfSatisfying(RegistryException.class, e -> {
                        assertThat(e.failure()).isEqualTo(Failure.UNAUTHORIZED);
                        assertThat(e.getMessage()).contains("docker login " + REGISTRY.hostPort());
                    });
        }
    }

    @Test
    void aCredentialWithoutPushIsDenied() throws Exception {
        try (RegistryClient c = client(new Credential.Basic("reader", "reader-pw"))) {
            byte[] data = "not allowed".getBytes();
            assertThatThrownBy(() -> c.repository(REGISTRY.hostPort(), "team/a")
                    .putBlob(Descriptor.of(MediaType.OCI_LAYER, data), new ByteArrayInputStream(data)))
                    .isInstanceOfSatisfying(RegistryException.class, e -> {
                        assertThat(e.failure()).isEqualTo(Failure.DENIED);
                        assertThat(e.getMessage()).contains("do not allow this").contains("push");
                    });
        }
    }

    @Test
    void aWrongPasswordIsRefusedByTheTokenService() throws Exception {
        try (RegistryClient c = client(new Credential.Basic("bob", "wrong-pw"))) {
            assertThatThrownBy(() -> c.repository(REGISTRY.hostPort(), "team/a").manifest("v1"))
                    .isInstanceOfSatisfying(RegistryException.class, e -> {
                        assertThat(e.failure()).isEqualTo(Failure.UNAUTHORIZED);
                        assertThat(e.getMessage()).contains("token service refused the credentials")
                                .doesNotContain("wrong-pw");
                    });
            assertThatThrownBy(() -> c.ping(REGISTRY.hostPort())).isInstanceOf(RegistryException.class);
        }
        try (RegistryClient c = bob()) {
            c.ping(REGISTRY.hostPort());
        }
    }

    @Test
    void aRealmOnAnotherHostGetsNoCredentials() throws Exception {
        int port = REGISTRY.issuer().port();
        try (FaultProxy proxy = FaultProxy.start(REGISTRY.url())) {
            proxy.add(FaultProxy.Rule.always("*", ".*", Fault.rewriteRealm("http://localhost:" + port + "/token")));
            Keychain k = host -> new Credential.Basic("bob", "bob-canary-pw");
            try (RegistryClient c = RegistryClient.builder().keychain(k).retries(TestSupport.fastRetries()).build()) {
                REGISTRY.issuer().clearRequests();
                assertThat(c.repository(proxy.hostPort(), "public/open").manifest("v1").digest())
                        .isEqualTo(image.digest());
                assertThatThrownBy(() -> c.repository(proxy.hostPort(), "team/a").manifest("v1"))
                        .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.getMessage())
                                .contains("did not send the credentials")
                                .contains("http://localhost:" + port));
                assertThat(issued()).isNotEmpty().allSatisfy(r -> assertThat(r.basic()).isFalse());
            }
            // trusted explicitly, the same realm gets them
            try (RegistryClient c = RegistryClient.builder().keychain(k).retries(TestSupport.fastRetries())
                    .trustRealm(proxy.hostPort(), "localhost").build()) {
                REGISTRY.issuer().clearRequests();
                assertThat(c.repository(proxy.hostPort(), "team/a").manifest("v1").digest()).isEqualTo(image.digest());
                assertThat(issued()).isNotEmpty().allSatisfy(r -> assertThat(r.basic()).isTrue());
            }
        }
    }

    @Test
    void aRealmAtTheMetadataServiceOrOnAnotherSchemeIsRefused() throws Exception {
        for (String realm : List.of("http://169.254.169.254/latest/meta-data/iam", "file:///etc/passwd",
                "http://metadata.google.internal/token", "http://bob:pw@127.0.0.1/token")) {
            try (FaultProxy proxy = FaultProxy.start(REGISTRY.url()); RegistryClient c = bob()) {
                proxy.add(FaultProxy.Rule.always("*", ".*", Fault.rewriteRealm(realm)));
                assertThatThrownBy(() -> c.repository(proxy.hostPort(), "team/a").manifest("v1"))
                        .as(realm)
                        .isInstanceOfSatisfying(AccessException.class, e -> {
                            assertThat(e.failure()).isEqualTo(Failure.BLOCKED);
                            assertThat(e.getMessage()).doesNotContain("bob-canary-pw");
                        });
            }
        }
    }

    /** Logs in with the OAuth2 password grant, as {@code docker login} does for identity tokens. */
    private static String refreshTokenFor(String user, String password) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String form = "grant_type=password&username=" + user + "&password=" + password + "&service="
                + CONFIG.service() + "&client_id=test&access_type=offline";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(REGISTRY.issuer().realm()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode n = Json.MAPPER.readTree(r.body());
        return n.get("refresh_token").asText();
    }
}
