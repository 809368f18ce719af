package io.whittle.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.whittle.oci.Json;
import io.whittle.testkit.TokenIssuer.Access;
import io.whittle.testkit.TokenIssuer.Grant;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TokenIssuerTest {

    static final TokenIssuer.Config CONFIG = TokenIssuer.Config.defaults()
            .withUser("alice", "secret", Grant.repository("team/*", "pull", "push"), Grant.repository("shared", "pull"))
            .withUser("admin", "root", Grant.all())
            .withUser("nobody", "pw")
            .withAnonymous(Grant.repository("public/*", "pull"));

    @RegisterExtension
    static final RegistryExtension REGISTRY = RegistryExtension.token(CONFIG);

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    TokenIssuer issuer;

    @BeforeEach
    void reset() {
        issuer = REGISTRY.issuer();
        issuer.reconfigure(CONFIG);
        issuer.clearRequests();
    }

    static HttpResponse<String> get(String url, Credentials credentials) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (credentials != null) {
            b.header("Authorization", credentials.basicAuthorization());
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String url, Map<String, String> form) throws Exception {
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    String tokenUrl(String... scopes) {
        StringBuilder u = new StringBuilder(issuer.realm()).append("?service=").append(CONFIG.service());
        for (String s : scopes) {
            u.append("&scope=").append(URLEncoder.encode(s, StandardCharsets.UTF_8));
        }
        return u.toString();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    static SignedJWT jwt(String token) throws Exception {
        return SignedJWT.parse(token);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> access(String token) throws Exception {
        return (List<Map<String, Object>>) (List<?>) jwt(token).getJWTClaimsSet().getListClaim("access");
    }

    @Test
    void tokenHasTheClaimsAndHeaderDistributionVerifies() throws Exception {
        HttpResponse<String> r = get(tokenUrl("repository:team/app:pull,push"), Credentials.of("alice", "secret"));
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        String token = body.path("token").asText();
        assertThat(body.path("access_token").asText()).isEqualTo(token);
        assertThat(body.path("expires_in").asLong()).isEqualTo(300);
        assertThat(body.path("issued_at").asText()).isNotEmpty();
        assertThat(body.has("refresh_token")).isFalse();

        SignedJWT jwt = jwt(token);
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.getHeader().getType().getType()).isEqualTo("JWT");
        X509Certificate leaf = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(jwt.getHeader().getX509CertChain().getFirst().decode()));
        assertThat(leaf).isEqualTo(issuer.certificate());
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) issuer.certificate().getPublicKey()))).isTrue();
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("whittle-test-issuer");
        assertThat(claims.getAudience()).containsExactly("whittle-test-registry");
        assertThat(jwt.getPayload().toJSONObject().get("aud")).isEqualTo("whittle-test-registry");
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(300_000);
        assertThat(claims.getNotBeforeTime()).isEqualTo(claims.getIssueTime());
        assertThat(access(token)).containsExactly(Map.of("type", "repository", "name", "team/app",
                "actions", List.of("pull", "push")));
        assertThat(issuer.certificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void grantsAreIntersectedWithRequestedScopesAndEveryResourceIsListed() throws Exception {
        String token = json(get(tokenUrl("repository:shared:pull,push", "repository:other/x:pull",
                "repository:team/a:push registry:catalog:*"), Credentials.of("alice", "secret"))).path("token").asText();
        assertThat(access(token)).containsExactly(
                Map.of("type", "repository", "name", "shared", "actions", List.of("pull")),
                Map.of("type", "repository", "name", "other/x", "actions", List.of()),
                Map.of("type", "repository", "name", "team/a", "actions", List.of("push")),
                Map.of("type", "registry", "name", "catalog", "actions", List.of()));
        String admin = json(get(tokenUrl("registry:catalog:*", "repository:any/thing:pull,push,delete"),
                Credentials.of("admin", "root"))).path("token").asText();
        assertThat(access(admin)).extracting(m -> m.get("actions"))
                .containsExactly(List.of("*"), List.of("pull", "push", "delete"));
        TokenIssuer.Request recorded = issuer.requests().get(0);
        assertThat(recorded.scopes()).containsExactly("repository:shared:pull,push", "repository:other/x:pull",
                "repository:team/a:push", "registry:catalog:*");
        assertThat(recorded.basic()).isTrue();
        assertThat(recorded.user()).contains("alice");
        assertThat(recorded.service()).contains(CONFIG.service());
        assertThat(recorded.status()).isEqualTo(200);
    }

    @Test
    void anonymousGetsOnlyPublicPullAndWrongPasswordsAre401() throws Exception {
        HttpResponse<String> anonymous = get(tokenUrl("repository:public/base:pull,push", "repository:team/a:pull"),
                null);
        assertThat(anonymous.statusCode()).isEqualTo(200);
        String token = json(anonymous).path("token").asText();
        assertThat(jwt(token).getJWTClaimsSet().getSubject()).isNull();
        assertThat(access(token)).extracting(m -> m.get("actions")).containsExactly(List.of("pull"), List.of());
        assertThat(get(tokenUrl("repository:team/a:pull"), Credentials.of("alice", "wrong")).statusCode()).isEqualTo(401);
        assertThat(get(tokenUrl("repository:team/a:pull"), Credentials.of("mallory", "x")).statusCode()).isEqualTo(401);
        assertThat(get(tokenUrl("nonsense"), Credentials.of("alice", "secret")).statusCode()).isEqualTo(400);
        assertThat(issuer.requests()).extracting(TokenIssuer.Request::status).containsExactly(200, 401, 401, 400);
        assertThat(issuer.requests().get(0).basic()).isFalse();
    }

    @Test
    void refreshTokensAndThePostFormWorkAsOAuth2() throws Exception {
        HttpResponse<String> offline = get(tokenUrl("repository:team/a:pull") + "&offline_token=true&client_id=test",
                Credentials.of("alice", "secret"));
        String refresh = json(offline).path("refresh_token").asText();
        assertThat(refresh).isNotEmpty();
        assertThat(issuer.requests().getLast().offlineToken()).isTrue();

        HttpResponse<String> refreshed = post(issuer.realm(), Map.of("grant_type", "refresh_token",
                "refresh_token", refresh, "service", CONFIG.service(), "scope", "repository:team/a:pull,push",
                "client_id", "test"));
        assertThat(refreshed.statusCode()).isEqualTo(200);
        assertThat(access(json(refreshed).path("access_token").asText())).extracting(m -> m.get("actions"))
                .containsExactly(List.of("pull", "push"));

        HttpResponse<String> password = post(issuer.realm(), Map.of("grant_type", "password", "username", "alice",
                "password", "secret", "service", CONFIG.service(), "scope", "repository:team/a:pull"));
        assertThat(password.statusCode()).isEqualTo(200);
        assertThat(json(password).path("refresh_token").asText()).isNotEmpty();
        assertThat(post(issuer.realm(), Map.of("grant_type", "password", "username", "alice", "password", "bad"))
                .statusCode()).isEqualTo(401);
        assertThat(post(issuer.realm(), Map.of("grant_type", "refresh_token", "refresh_token", "rt-unknown"))
                .statusCode()).isEqualTo(400);

        issuer.reconfigure(CONFIG.withPost(false).withTokenField(TokenIssuer.TokenField.ACCESS_TOKEN)
                .withExpiresIn(false).withRefreshTokens(false).withTokenLifetime(Duration.ofSeconds(30)));
        assertThat(post(issuer.realm(), Map.of("grant_type", "password", "username", "alice", "password", "secret"))
                .statusCode()).isEqualTo(404);
        JsonNode shaped = json(get(tokenUrl("repository:team/a:pull") + "&offline_token=true",
                Credentials.of("alice", "secret")));
        assertThat(shaped.has("token")).isFalse();
        assertThat(shaped.has("access_token")).isTrue();
        assertThat(shaped.has("expires_in")).isFalse();
        assertThat(shaped.has("refresh_token")).isFalse();
        var claims = jwt(shaped.path("access_token").asText()).getJWTClaimsSet();
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isEqualTo(30_000);
        assertThatThrownBy(() -> issuer.reconfigure(CONFIG.withService("other")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void expiredTokensAreRefusedByTheRegistryUntilTheClientFetchesAnother() throws Exception {
        issuer.reconfigure(CONFIG.withExpiredTokens(1));
        HttpResponse<String> first = get(tokenUrl("repository:public/base:pull"), null);
        assertThat(json(first).path("expires_in").asLong()).isEqualTo(300);
        String stale = json(first).path("token").asText();
        assertThat(jwt(stale).getJWTClaimsSet().getExpirationTime()).isBefore(new java.util.Date());
        assertThat(registry("GET", "/v2/public/base/tags/list", stale).statusCode()).isEqualTo(401);
        String fresh = json(get(tokenUrl("repository:public/base:pull"), null)).path("token").asText();
        assertThat(registry("GET", "/v2/public/base/tags/list", fresh).statusCode()).isEqualTo(404);
    }

    // ---- against the real registry -------------------------------------------------------------------------

    static HttpResponse<String> registry(String method, String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(REGISTRY.url() + path))
                .header("Authorization", "Bearer " + token)
                .header("Accept", io.whittle.oci.MediaType.MANIFEST_ACCEPT)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theRegistryChallengesWithTheIssuerRealmAndService() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(REGISTRY.url() + "/v2/team/app/tags/list"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("Bearer realm=\"" + issuer.realm() + "\"")
                .contains("service=\"whittle-test-registry\"")
                .contains("scope=\"repository:team/app:pull\"");
    }

    @Test
    void theRegistryAcceptsMintedTokensAndEnforcesTheirScope() throws Exception {
        try (ImageFactory factory = ImageFactory.temporary()) {
            TestImage image = factory.smallImage(ImageFormat.OCI, "token");
            image.push(REGISTRY.url(), "team/app", "v1", REGISTRY.credentials());
            String tagPath = "/v2/team/app/manifests/v1";

            String pushPull = issuer.mint("alice", List.of(Access.repository("team/app", "pull", "push")));
            assertThat(registry("POST", "/v2/team/app/blobs/uploads/", pushPull).statusCode()).isEqualTo(202);
            assertThat(registry("GET", tagPath, pushPull).statusCode()).isEqualTo(200);

            String pullOnly = issuer.mint("alice", List.of(Access.repository("team/app", "pull")));
            assertThat(registry("GET", tagPath, pullOnly).statusCode()).isEqualTo(200);
            HttpResponse<String> denied = registry("POST", "/v2/team/app/blobs/uploads/", pullOnly);
            assertThat(denied.statusCode()).isEqualTo(401);
            assertThat(denied.headers().firstValue("WWW-Authenticate").orElseThrow())
                    .contains("error=\"insufficient_scope\"");

            String otherRepo = issuer.mint("alice", List.of(Access.repository("team/other", "pull", "push")));
            assertThat(registry("GET", tagPath, otherRepo).statusCode()).isEqualTo(401);

            String expired = issuer.mint("alice", List.of(Access.repository("team/app", "pull")),
                    Duration.ofMinutes(-5));
            assertThat(registry("GET", tagPath, expired).statusCode()).isEqualTo(401);

            // A token signed by another issuer's key is not trusted, even with the right claims.
            try (TokenIssuer stranger = TokenIssuer.start(CONFIG)) {
                String forged = stranger.mint("alice", List.of(Access.repository("team/app", "pull")));
                assertThat(registry("GET", tagPath, forged).statusCode()).isEqualTo(401);
            }
            // Tokens the endpoint hands out work for real pushes and pulls (scope from the issuer's grants).
            String viaEndpoint = json(get(tokenUrl("repository:team/app:pull"), Credentials.of("alice", "secret")))
                    .path("token").asText();
            assertThat(registry("GET", tagPath, viaEndpoint).statusCode()).isEqualTo(200);
            String nobody = json(get(tokenUrl("repository:team/app:pull"), Credentials.of("nobody", "pw")))
                    .path("token").asText();
            assertThat(registry("GET", tagPath, nobody).statusCode()).isEqualTo(401);
        }
    }
}
