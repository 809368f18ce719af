package io.whittle.testkit.emulator;

import static io.whittle.testkit.emulator.Fixtures.enc;
import static io.whittle.testkit.emulator.Fixtures.get;
import static io.whittle.testkit.emulator.Fixtures.image;
import static io.whittle.testkit.emulator.Fixtures.scopes;
import static io.whittle.testkit.emulator.Fixtures.send;
import static io.whittle.testkit.emulator.Fixtures.skopeoPush;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.testkit.Credentials;
import io.whittle.testkit.Skopeo;
import io.whittle.testkit.ToolException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AzureEmulatorTest {
    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static AzureEmulator acr;
    static Credentials admin;

    @BeforeAll
    static void start() {
        acr = AzureEmulator.start("whittle");
        admin = acr.adminUser();
        for (String tag : List.of("a", "b", "c")) {
            image("acr " + tag).push(acr.registryUrl(), "team/app", tag, Optional.of(admin));
        }
    }

    @AfterAll
    static void stop() {
        acr.close();
    }

    String token(Credentials c, String... scope) {
        return Fixtures.bearer(acr.realm() + "?service=whittle.azurecr.io" + scopes(scope), c);
    }

    @Test
    void basicLoginsAndWrongPasswords() {
        assertThat(get(acr.realm() + "?service=whittle.azurecr.io", "Authorization", admin.basicAuthorization())
                .json().has("access_token")).isTrue();
        assertThat(get(acr.realm() + "?service=whittle.azurecr.io", "Authorization",
                Credentials.of("whittle", "wrong").basicAuthorization()).status()).isEqualTo(401);
    }

    @Test
    void anAcrPullPrincipalCannotPushAndAPushPrincipalCan() {
        AzureEmulator.ServicePrincipal pull = acr.servicePrincipal(TENANT, AzureEmulator.Role.ACR_PULL);
        AzureEmulator.ServicePrincipal push = acr.servicePrincipal(TENANT, AzureEmulator.Role.ACR_PUSH);
        assertThat(Skopeo.create().inspectRaw(Skopeo.docker(acr.registryHostPort(), "team/app", "a"),
                Optional.of(pull.credentials()))).isEqualTo(image("acr a").manifestBytes());
        assertThatThrownBy(() -> skopeoPush("acr denied", acr.registryHostPort(), "team/app", "d", pull.credentials()))
                .isInstanceOf(ToolException.class);
        skopeoPush("acr pushed", acr.registryHostPort(), "team/app", "p", push.credentials());
    }

    @Test
    void tagListingNeedsMetadataReadAndPagesWithLink() {
        Credentials contentOnly = acr.scopeMapToken("content-only", Map.of("team/*", Set.of("content/read")));
        String pullOnly = token(contentOnly, "repository:team/app:pull,metadata_read");
        Fixtures.Response denied = get(acr.registryUrl() + "/v2/team/app/tags/list", "Authorization",
                "Bearer " + pullOnly);
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.header("WWW-Authenticate").orElseThrow()).contains("repository:team/app:metadata_read")
                .contains(acr.realm());

        String meta = token(admin, "repository:team/app:metadata_read");
        List<String> tags = new ArrayList<>();
        String url = acr.registryUrl() + "/v2/team/app/tags/list?n=2";
        int pages = 0;
        while (url != null) {
            Fixtures.Response r = get(url, "Authorization", "Bearer " + meta);
            r.json().get("tags").forEach(t -> tags.add(t.asText()));
            url = r.header("Link").map(l -> acr.registryUrl() + l.substring(1, l.indexOf('>'))).orElse(null);
            pages++;
        }
        assertThat(pages).isGreaterThan(1);
        assertThat(tags).contains("a", "b", "c");
    }

    @Test
    void scopeMapTokensNeverListTheCatalog() {
        Credentials t = acr.scopeMapToken("everything", Map.of("*", Set.of("content/read", "metadata/read")));
        String catalog = token(t, "registry:catalog:*");
        assertThat(get(acr.registryUrl() + "/v2/_catalog", "Authorization", "Bearer " + catalog).status())
                .isEqualTo(401);
        String adminCatalog = token(admin, "registry:catalog:*");
        assertThat(get(acr.registryUrl() + "/v2/_catalog", "Authorization", "Bearer " + adminCatalog).json()
                .get("repositories").get(0).asText()).isEqualTo("team/app");
    }

    @Test
    void anAadTokenIsExchangedForARefreshTokenThatLogsIn() {
        AzureEmulator.ServicePrincipal sp = acr.servicePrincipal(TENANT, AzureEmulator.Role.ACR_PULL,
                AzureEmulator.Role.ACR_DELETE);
        Fixtures.Response aad = Fixtures.sendTls(acr.authorityTls().clientContext(), "POST", acr.authorityUrl() + "/" + TENANT + "/oauth2/v2.0/token",
                "grant_type=client_credentials&client_id=" + sp.appId() + "&client_secret=" + enc(sp.secret())
                        + "&scope=" + enc("https://management.azure.com/.default"),
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(aad.status()).as(aad.body()).isEqualTo(200);
        String aadToken = aad.json().get("access_token").asText();
        assertThat(Fixtures.sendTls(acr.authorityTls().clientContext(), "POST", acr.authorityUrl() + "/" + TENANT + "/oauth2/v2.0/token",
                "grant_type=client_credentials&client_id=" + sp.appId() + "&client_secret=wrong&scope="
                        + enc("https://management.azure.com/.default"),
                "Content-Type", "application/x-www-form-urlencoded").status()).isEqualTo(401);

        Fixtures.Response exchanged = send("POST", acr.registryUrl() + "/oauth2/exchange",
                "grant_type=access_token&service=whittle.azurecr.io&tenant=" + TENANT + "&access_token=" + aadToken,
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(exchanged.status()).as(exchanged.body()).isEqualTo(200);
        String refresh = exchanged.json().get("refresh_token").asText();
        assertThat(send("POST", acr.registryUrl() + "/oauth2/exchange",
                "grant_type=access_token&service=whittle.azurecr.io&tenant=other&access_token=" + aadToken,
                "Content-Type", "application/x-www-form-urlencoded").status()).isEqualTo(401);

        Fixtures.Response access = send("POST", acr.registryUrl() + "/oauth2/token",
                "grant_type=refresh_token&service=whittle.azurecr.io&scope=" + enc("repository:team/app:pull,delete")
                        + "&refresh_token=" + refresh, "Content-Type", "application/x-www-form-urlencoded");
        assertThat(access.status()).isEqualTo(200);
        String bearer = access.json().get("access_token").asText();
        assertThat(send("DELETE", acr.registryUrl() + "/v2/team/app/manifests/c", null, "Authorization",
                "Bearer " + bearer).status()).isEqualTo(202);
        assertThat(acr.backend().tags("team/app")).doesNotContain("c");
        // docker login with the null GUID and the refresh token works the same way.
        assertThat(Skopeo.create().inspectRaw(Skopeo.docker(acr.registryHostPort(), "team/app", "a"),
                Optional.of(Credentials.of(AzureEmulator.NULL_GUID, refresh)))).isNotEmpty();
    }
}
