package io.whittle.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.connector.digitalocean.DigitalOceanProvider;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.platform.connector.Access;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.secret.SecretValue;
import io.whittle.testkit.emulator.DigitalOceanEmulator;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DigitalOceanProviderTest {
    static TestPlatform platform;
    static DigitalOceanEmulator ocean;
    static Digest v1;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start(new DigitalOceanProvider());
        ocean = DigitalOceanEmulator.start("acme");
        v1 = Seed.push(ocean.backend(), "acme/app", "v1", "do-app");
        Seed.push(ocean.backend(), "acme/tools", "v1", "do-tools");
        Seed.push(ocean.backend(), "acme/team/site", "v1", "do-site");
    }

    @AfterAll
    static void stop() throws Exception {
        ocean.close();
        platform.close();
    }

    static FieldValues values(String token, Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("registry", ocean.registryHostPort(), "apiUrl",
                ocean.apiUrl()));
        settings.putAll(extra);
        return FieldValues.of(settings, Map.of("token", SecretValue.of(token)));
    }

    @Test
    void fullFlowWithExpiryAndPagination() throws Exception {
        Connector c = Flow.add(platform, "digitalocean", "do full", values(ocean.apiToken(Set.of("read", "write"),
                Optional.empty()), Map.of("tokenExpires", "2031-03-04")), Access.READ_WRITE);
        assertThat(c.state().expiresAt()).contains(Instant.parse("2031-03-04T00:00:00Z"));
        Flow.run(platform, c, "acme/app", "v1", v1, "do-pushed");
        RepositoryPage first = platform.service.repositories(TestPlatform.ORG, c.id(), Optional.empty(), 2);
        assertThat(first.items()).hasSize(2);
        RepositoryPage second = platform.service.repositories(TestPlatform.ORG, c.id(), first.next(), 2);
        assertThat(second.items()).extracting(RepositoryInfo::name).hasSize(1);
        assertThat(platform.service.allTags(TestPlatform.ORG, c.id(), "acme/team/site", 10)).extracting(TagInfo::name)
                .containsExactly("v1");
    }

    @Test
    void readOnlyTokenIsFoundAndCannotPush() throws Exception {
        Connector c = Flow.add(platform, "digitalocean", "do read", values(ocean.apiToken(Set.of("read"),
                Optional.empty()), Map.of()), Access.READ_ONLY);
        Flow.readsButCannotPush(platform, c, "acme/app", "v1", v1, "do-nope");
        assertThatThrownBy(() -> platform.service.deleteTag(TestPlatform.ORG, c.id(), "acme/app", "v1"))
                .isInstanceOfSatisfying(ConnectorCheckException.class,
                        e -> assertThat(e.getMessage()).contains("write scope"));
    }

    @Test
    void wrongAndExpiredTokensAreNamed() {
        String expired = ocean.apiToken(Set.of("read", "write"), Optional.of(Instant.now().minusSeconds(60)));
        for (String t : new String[] {"dop_v1_wrong", expired}) {
            assertThatThrownBy(() -> platform.service.check("digitalocean", values(t, Map.of())))
                    .isInstanceOfSatisfying(ConnectorCheckException.class, e -> {
                        assertThat(e.failure()).isEqualTo(Failure.UNAUTHORIZED);
                        assertThat(e.field()).contains("token");
                    });
        }
    }
}
