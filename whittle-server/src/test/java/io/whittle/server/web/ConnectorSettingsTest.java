package io.whittle.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.connector.generic.GenericProvider;
import io.whittle.platform.connector.Access;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorId;
import io.whittle.platform.connector.ConnectorState;
import io.whittle.platform.connector.ConnectorStatus;
import io.whittle.platform.org.OrganizationId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A connector's settings on its page: the form's labels and words, the registry host not repeated. */
class ConnectorSettingsTest {
    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    @Test
    void settingsAreListedUnderTheFormsLabelsWithoutTheRegistryHost() {
        Connector c = Connector.of(ConnectorId.parse("generic.k3v9x2m4qa"), OrganizationId.random(), "work",
                "registry.example.com:5000", Map.of("registry", "https://registry.example.com:5000/",
                        "username", "robot", "allowPlainHttp", "true", "caCertificate", "-----BEGIN-----\nAAAA\n-----END-----\n",
                        "legacy", "x"),
                Set.of("password"), new ConnectorState(ConnectorStatus.verified(), Access.READ_ONLY, Optional.empty(),
                        Optional.of(NOW)), NOW, NOW, 1);
        var form = Optional.of(new GenericProvider().form());
        var settings = ConnectorSettings.of(c, form);
        assertThat(settings).extracting(ConnectorSettings.Setting::label).doesNotContain("Registry", "registry")
                .contains("User name").doesNotContain("username");
        assertThat(settings).contains(new ConnectorSettings.Setting("User name", "robot", true),
                new ConnectorSettings.Setting("Allow plain http", "on", false),
                new ConnectorSettings.Setting("legacy", "x", true));
        assertThat(settings).filteredOn(s -> s.label().equals("CA certificate"))
                .containsExactly(new ConnectorSettings.Setting("CA certificate", "entered (3 lines)", false));
        assertThat(ConnectorSettings.secrets(c, form)).containsExactly("Password or token");
        assertThat(ConnectorSettings.secrets(c, Optional.empty())).containsExactly("password");
    }
}
