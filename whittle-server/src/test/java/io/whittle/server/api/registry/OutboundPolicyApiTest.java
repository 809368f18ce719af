package io.whittle.server.api.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.server.testing.Client;
import io.whittle.server.testing.TestServer;
import io.whittle.testkit.Credentials;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The server refuses connectors whose registry it must never reach (SSRF): metadata, link-local, private and
 * loopback addresses that the operator did not allow-list (the test server allows 127.0.0.1 only), metadata host
 * names, and host names that resolve to such addresses. Refused with 422 naming the field, saved nowhere, even
 * when asked to save unverified.
 */
class OutboundPolicyApiTest {
    private static final Credentials ROBOT = Credentials.of("robot", "s3cret-ssrf-api-0b1d");
    private static final java.util.concurrent.atomic.AtomicInteger USERS = new java.util.concurrent.atomic.AtomicInteger();
    private static TestServer server;
    private Client client;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @org.junit.jupiter.api.BeforeEach
    void user() {
        client = server.as(server.user("sam" + USERS.incrementAndGet()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "10.0.0.1", "[::1]", "[::1]:5000", "metadata.google.internal",
            TestHostNames.PRIVATE, TestHostNames.METADATA, "https://10.0.0.1:443", "https://169.254.169.254",
            "127.0.0.2:5000", "[fd00:ec2::254]", "100.64.0.1", "registry.internal", "[::ffff:10.0.0.1]"})
    void aDestinationThePolicyRefusesIsNeverSaved(String registry) {
        for (String query : new String[] {"", "?verify=false"}) {
            JsonNode problem = client.post("/api/v1/connectors" + query, ConnectorFixtures.generic("ssrf", registry,
                    Optional.of(ROBOT))).expect(422).json();
            assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("registry");
            assertThat(problem.get("detail").asText()).startsWith("Whittle refused to connect to ")
                    .contains(" because ").doesNotContain(ROBOT.password());
        }
        assertThat(client.get("/api/v1/connectors").json().get("items")).hasSize(1);
    }

    @Test
    void theTestNamesResolveAsTheTestsAssume() throws Exception {
        assertThat(InetAddress.getByName(TestHostNames.PRIVATE).getHostAddress()).isEqualTo("10.23.0.7");
        JsonNode problem = client.post("/api/v1/connectors", ConnectorFixtures.generic("dns", TestHostNames.PRIVATE,
                Optional.of(ROBOT))).expect(422).json();
        assertThat(problem.get("detail").asText()).isEqualTo("Whittle refused to connect to " + TestHostNames.PRIVATE
                + " because it resolves to 10.23.0.7, a private-network address, which the server policy denies: add it to"
                + " the outbound allow-list if it is a trusted registry.");
    }

    @Test
    void anEditCannotMoveAConnectorToARefusedDestination() {
        JsonNode added = client.post("/api/v1/connectors?verify=false", ConnectorFixtures.generic("moving",
                "registry.example.com", Optional.of(ROBOT))).expect(201).json();
        String id = added.get("connector").get("id").asText();
        JsonNode problem = client.patch("/api/v1/connectors/" + id + "?verify=false", Map.of(
                "settings", Map.of("registry", "169.254.169.254"),
                "secrets", Map.of("password", ROBOT.password()))).expect(422).json();
        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("registry");
        assertThat(client.get("/api/v1/connectors/" + id).json().get("registry").asText())
                .isEqualTo("registry.example.com");
    }
}
