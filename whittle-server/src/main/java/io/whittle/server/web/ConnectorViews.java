package io.whittle.server.web;

import io.whittle.connector.ConnectorService;
import io.whittle.connector.Provider;
import io.whittle.platform.connector.Connector;
import java.time.Clock;
import java.util.Objects;

/** Makes {@link ConnectorView}s: the provider's display name, and the status as of now (for "expiring soon"). */
final class ConnectorViews {
    private final ConnectorService connectors;
    private final Clock clock;

    ConnectorViews(ConnectorService connectors, Clock clock) {
        this.connectors = Objects.requireNonNull(connectors, "connectors");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    ConnectorView of(Connector c) {
        String name = connectors.providers().stream().filter(p -> p.id().equals(c.provider())).findFirst()
                .map(Provider::displayName).orElse(c.provider());
        return ConnectorView.of(c, name, clock.instant());
    }
}
