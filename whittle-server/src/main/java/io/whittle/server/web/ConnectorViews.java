package io.whittle.server.web;

import io.whittle.connector.ConnectorService;
import io.whittle.connector.Provider;
import io.whittle.platform.connector.Connector;
import io.whittle.connector.Form;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Objects;

/** Makes {@link ConnectorView}s: the provider's display name, and the status as of now (for "expiring soon"). */
final class ConnectorViews {
    private final ConnectorService connectors;
    private final Clock clock;

    ConnectorViews(ConnectorService connectors, Clock clock) {
        this.connectors = Objects.requireNonNull(connectors, "connectors");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The settings under the provider form's labels, for the connector's page. */
    List<ConnectorSettings.Setting> settings(Connector c) {
        return ConnectorSettings.of(c, form(c));
    }

    /** The labels of the stored secrets. */
    List<String> secrets(Connector c) {
        return ConnectorSettings.secrets(c, form(c));
    }

    private Optional<Form> form(Connector c) {
        return connectors.providers().stream().filter(p -> p.id().equals(c.provider())).findFirst()
                .map(Provider::form);
    }

    ConnectorView of(Connector c) {
        String name = connectors.providers().stream().filter(p -> p.id().equals(c.provider())).findFirst()
                .map(Provider::displayName).orElse(c.provider());
        return ConnectorView.of(c, name, clock.instant());
    }
}
