package io.whittle.platform.connector;

import io.whittle.platform.org.OrganizationId;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.Set;

/**
 * A stored connector as it may be listed and shown: its non-secret settings and the names of the secret
 * fields that are set, never their values (those come only through {@link SecretReader}).
 */
public record Connector(ConnectorId id, OrganizationId organizationId, String name, String registryHost,
                        SortedMap<String, String> settings, SortedSet<String> secretFields, ConnectorState state,
                        Instant createdAt, Instant updatedAt, long version) {
    public Connector {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(organizationId, "organizationId");
        name = Fields.name(name);
        registryHost = Fields.host(registryHost);
        settings = Fields.settings(settings);
        secretFields = Fields.names(secretFields);
        Objects.requireNonNull(state, "state");
        createdAt = ConnectorState.micros(Objects.requireNonNull(createdAt, "createdAt"));
        updatedAt = ConnectorState.micros(Objects.requireNonNull(updatedAt, "updatedAt"));
        if (version < 0) {
            throw new IllegalArgumentException("A connector version cannot be negative.");
        }
    }

    /** Convenience for building one from plain maps and sets. */
    public static Connector of(ConnectorId id, OrganizationId organizationId, String name, String registryHost,
                               Map<String, String> settings, Set<String> secretFields, ConnectorState state,
                               Instant createdAt, Instant updatedAt, long version) {
        return new Connector(id, organizationId, name, registryHost, Fields.settings(settings),
                Fields.names(secretFields), state, createdAt, updatedAt, version);
    }

    public String provider() {
        return id.provider();
    }

    /** True for {@code dockerhub.public}, which comes with Whittle and cannot be edited or removed. */
    public boolean isBuiltIn() {
        return id.isBuiltIn();
    }
}
