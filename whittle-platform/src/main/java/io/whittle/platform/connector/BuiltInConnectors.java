package io.whittle.platform.connector;

import io.whittle.oci.ImageReference;
import io.whittle.platform.org.OrganizationId;
import java.time.Instant;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/** The connectors every organization has without storing them. */
public final class BuiltInConnectors {
    private BuiltInConnectors() {
    }

    /** Anonymous Docker Hub: read-only, no secrets, never stored. */
    public static Connector dockerHubPublic(OrganizationId org) {
        return new Connector(ConnectorId.DOCKERHUB_PUBLIC, org, "Docker Hub (anonymous)", ImageReference.DOCKER_HUB,
                new TreeMap<>(), new TreeSet<>(),
                new ConnectorState(ConnectorStatus.verified(), Access.READ_ONLY, Optional.empty(), Optional.empty()),
                Instant.EPOCH, Instant.EPOCH, 0);
    }

    /** The built-in connector with {@code id}, if it is one. */
    public static Optional<Connector> find(OrganizationId org, ConnectorId id) {
        return id.equals(ConnectorId.DOCKERHUB_PUBLIC) ? Optional.of(dockerHubPublic(org)) : Optional.empty();
    }
}
