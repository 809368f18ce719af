package io.whittle.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.connector.quay.QuayProvider;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.platform.connector.Access;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.secret.SecretValue;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.TokenIssuer.Grant;
import io.whittle.testkit.emulator.QuayEmulator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QuayProviderTest {
    static TestPlatform platform;
    static QuayEmulator quay;
    static Digest v1;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatform.start(new QuayProvider());
        quay = QuayEmulator.start().restPageSize(2);
        v1 = Seed.push(quay.backend(), "acme/app", "v1", "quay-app");
        Seed.push(quay.backend(), "acme/tools", "v1", "quay-tools");
        Seed.push(quay.backend(), "acme/site", "v1", "quay-site");
        Seed.push(quay.backend(), "other/secret", "v1", "quay-other");
    }

    @AfterAll
    static void stop() throws Exception {
        quay.close();
        platform.close();
    }

    static FieldValues values(Credentials robot, Optional<String> apiToken) {
        Map<String, SecretValue> secrets = new HashMap<>(Map.of("token", SecretValue.of(robot.password())));
        apiToken.ifPresent(t -> secrets.put("apiToken", SecretValue.of(t)));
        return FieldValues.of(Map.of("robot", robot.username(), "registry", quay.registryHostPort()), secrets);
    }

    @Test
    void fullFlowThroughTheRegistry() throws Exception {
        Credentials robot = quay.robot("acme", "admin", Grant.repository("acme/*", "pull", "push", "delete"));
        Connector c = Flow.add(platform, "quay", "quay registry", values(robot, Optional.empty()), Access.READ_WRITE);
        Flow.run(platform, c, "acme/app", "v1", v1, "quay-pushed-1");
        RepositoryPage first = platform.service.repositories(TestPlatform.ORG, c.id(), Optional.empty(), 2);
        assertThat(first.items()).hasSize(2);
        assertThat(platform.service.repositories(TestPlatform.ORG, c.id(), first.next(), 2).items()).hasSize(1);
        assertThat(platform.service.allRepositories(TestPlatform.ORG, c.id(), 100)).extracting(RepositoryInfo::name)
                .doesNotContain("other/secret");
    }

    @Test
    void fullFlowThroughTheRestApi() throws Exception {
        Credentials robot = quay.robot("acme", "writer", Grant.repository("acme/*", "pull", "push"));
        String app = quay.applicationToken("acme", "repo:read", "repo:write");
        Connector c = Flow.add(platform, "quay", "quay rest", values(robot, Optional.of(app)), Access.READ_WRITE);
        Flow.run(platform, c, "acme/app", "v1", v1, "quay-pushed-2");
        RepositoryPage first = platform.service.repositories(TestPlatform.ORG, c.id(), Optional.empty(), 2);
        assertThat(first.items()).hasSize(2);
        assertThat(first.next()).isPresent();
        assertThat(platform.service.allTags(TestPlatform.ORG, c.id(), "acme/app", 10)).singleElement()
                .satisfies(t -> assertThat(t.size()).isPresent());
    }

    @Test
    void readOnlyRobotCannotPush() throws Exception {
        Credentials robot = quay.robot("acme", "reader", Grant.repository("acme/*", "pull"));
        Connector c = Flow.add(platform, "quay", "quay read", values(robot, Optional.empty()), Access.READ_ONLY);
        Flow.cannotPush(platform, c, "acme/app", "quay-nope");
        assertThatThrownBy(() -> platform.service.deleteTag(TestPlatform.ORG, c.id(), "acme/app", "v1"))
                .isInstanceOfSatisfying(ConnectorCheckException.class,
                        e -> assertThat(e.field()).contains("robot"));
    }

    @Test
    void wrongRobotTokenIsNamed() {
        assertThatThrownBy(() -> platform.service.check("quay", values(Credentials.of("acme+ghost", "WRONG"),
                Optional.empty()))).isInstanceOfSatisfying(ConnectorCheckException.class, e -> {
                    assertThat(e.failure()).isEqualTo(Failure.UNAUTHORIZED);
                    assertThat(e.field()).contains("token");
                });
    }
}
