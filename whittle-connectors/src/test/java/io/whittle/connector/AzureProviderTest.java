package io.whittle.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.connector.azure.AzureProvider;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.platform.connector.Access;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.secret.SecretValue;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.emulator.AzureEmulator;
import io.whittle.testkit.emulator.AzureEmulator.Role;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AzureProviderTest {
    static TestPlatform platform;
    static AzureEmulator acr;
    static Digest v1;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start(new AzureProvider());
        acr = AzureEmulator.start("acmeregistry");
        v1 = Seed.push(acr.backend(), "team/app", "v1", "acr-app");
        Seed.push(acr.backend(), "team/tools", "v1", "acr-tools");
        Seed.push(acr.backend(), "web", "v1", "acr-web");
    }

    @AfterAll
    static void stop() throws Exception {
        acr.close();
        platform.close();
    }

    static FieldValues values(Credentials c) {
        return FieldValues.of(Map.of("loginServer", acr.registryHostPort(), "username", c.username()),
                Map.of("password", SecretValue.of(c.password())));
    }

    @Test
    void adminUserFullFlowAndPagination() throws Exception {
        Connector c = Flow.add(platform, "acr", "acr admin", values(acr.adminUser()), Access.READ_WRITE);
        Flow.run(platform, c, "team/app", "v1", v1, "acr-pushed-1");
        RepositoryPage first = platform.service.repositories(TestPlatform.ORG, c.id(), Optional.empty(), 2);
        assertThat(first.items()).hasSize(2);
        assertThat(platform.service.repositories(TestPlatform.ORG, c.id(), first.next(), 2).items()).hasSize(1);
    }

    @Test
    void servicePrincipalWithAcrPushAndAcrDelete() throws Exception {
        var sp = acr.servicePrincipal("tenant-1", Role.ACR_PUSH, Role.ACR_DELETE);
        Connector c = Flow.add(platform, "acr", "acr sp", values(sp.credentials()), Access.READ_WRITE);
        Flow.run(platform, c, "team/app", "v1", v1, "acr-pushed-2");
    }

    @Test
    void readOnlyScopeMapTokenWorksWithoutTheCatalog() throws Exception {
        Credentials token = acr.scopeMapToken("reader", Map.of("team/*", Set.of("content/read", "metadata/read")));
        ConnectorOutcome o = platform.service.add(TestPlatform.ORG, NewConnector.of("acr", "acr token",
                values(token)));
        assertThat(o.result().orElseThrow().notes()).anyMatch(n -> n.contains("name repositories yourself"));
        Connector c = o.connector();
        assertThat(platform.service.allTags(TestPlatform.ORG, c.id(), "team/app", 10)).extracting(TagInfo::name)
                .contains("v1");
        Flow.readsButCannotPush(platform, c, "team/app", "v1", v1, "acr-nope");
    }

    @Test
    void wrongPasswordIsNamed() {
        assertThatThrownBy(() -> platform.service.check("acr", values(Credentials.of("acmeregistry", "wrong"))))
                .isInstanceOfSatisfying(ConnectorCheckException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.UNAUTHORIZED);
                    assertThat(e.field()).contains("password");
                });
    }
}
