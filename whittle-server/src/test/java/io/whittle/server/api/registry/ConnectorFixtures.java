package io.whittle.server.api.registry;

import io.whittle.server.testing.Client;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.ImageFactory;
import io.whittle.testkit.ImageFormat;
import io.whittle.testkit.TestImage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What the API tests send to make connectors: generic connectors for the local test registries. */
public final class ConnectorFixtures {
    private ConnectorFixtures() {
    }

    /** The body of {@code POST /api/v1/connectors} for a generic connector to {@code hostPort}. */
    public static Map<String, Object> generic(String name, String hostPort, Optional<Credentials> credentials) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider", "generic");
        body.put("name", name);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("registry", hostPort);
        credentials.ifPresent(c -> settings.put("username", c.username()));
        body.put("settings", settings);
        credentials.ifPresent(c -> body.put("secrets", Map.of("password", c.password())));
        return body;
    }

    /** Adds a verified generic connector and returns its ID. */
    public static String addGeneric(Client client, String name, String hostPort, Optional<Credentials> credentials) {
        return client.post("/api/v1/connectors", generic(name, hostPort, credentials)).expect(201)
                .json().get("connector").get("id").asText();
    }

    /** A small image with a marker of its own (different markers, different digests). */
    public static TestImage image(String marker) {
        return FACTORY.smallImage(ImageFormat.OCI, marker);
    }

    static final ImageFactory FACTORY = ImageFactory.temporary();
}
