package io.whittle.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenRequestContext;
import com.azure.core.http.HttpClient;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.identity.ClientSecretCredential;
import com.azure.identity.ClientSecretCredentialBuilder;
import io.netty.handler.ssl.SslContextBuilder;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real azure-identity ClientSecretCredential, pointed at the emulated authority, gets the token ACR exchanges. */
class AzureIdentityTest {
    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static AzureEmulator acr;

    @BeforeAll
    static void start() {
        acr = AzureEmulator.start("ident");
    }

    @AfterAll
    static void stop() {
        acr.close();
    }

    static ClientSecretCredential credential(String appId, String secret) throws SSLException {
        HttpClient http = new NettyAsyncHttpClientBuilder(reactor.netty.http.client.HttpClient.create()
                .secure(ssl -> {
                    try {
                        ssl.sslContext(SslContextBuilder.forClient()
                                .trustManager(acr.authorityTls().certificate()).build());
                    } catch (SSLException e) {
                        throw new IllegalStateException(e);
                    }
                })).build();
        return new ClientSecretCredentialBuilder().tenantId(TENANT).clientId(appId).clientSecret(secret)
                .authorityHost(acr.authorityUrl()).disableInstanceDiscovery().httpClient(http).build();
    }

    @Test
    void clientSecretCredentialGetsTheAadTokenThatTheExchangeTakes() throws SSLException {
        AzureEmulator.ServicePrincipal sp = acr.servicePrincipal(TENANT, AzureEmulator.Role.ACR_PULL);
        AccessToken t = credential(sp.appId(), sp.secret())
                .getTokenSync(new TokenRequestContext().addScopes("https://management.azure.com/.default"));
        Fixtures.Response exchanged = Fixtures.send("POST", acr.registryUrl() + "/oauth2/exchange",
                "grant_type=access_token&service=ident.azurecr.io&tenant=" + TENANT + "&access_token=" + t.getToken(),
                "Content-Type", "application/x-www-form-urlencoded");
        assertThat(exchanged.status()).as(exchanged.body()).isEqualTo(200);
        assertThat(exchanged.json().get("refresh_token").asText()).isNotEmpty();

        assertThatThrownBy(() -> credential(sp.appId(), "wrong-secret")
                .getTokenSync(new TokenRequestContext().addScopes("https://management.azure.com/.default")))
                .hasMessageContaining("AADSTS7000215");
    }
}
