package io.whittle.connector;

import io.whittle.oci.AccessException;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorId;
import io.whittle.platform.org.OrganizationId;
import io.whittle.registry.auth.Credential;
import io.whittle.registry.auth.Keychain;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connectors in the keychain chain. With a connector ID it answers that connector's credential for that connector's
 * registry host only; without, it answers, for each host, the credential of the organization's connector whose
 * registry host is exactly that host ({@code registry.example.com.evil.net} or {@code ghrc.io} get nothing from a
 * {@code registry.example.com} or {@code ghcr.io} connector). Anonymous otherwise, so it chains with the Docker config
 * keychain. Exchanged credentials (ECR) are renewed before they expire. Close it to release the connections.
 */
public final class ConnectorKeychain implements Keychain, AutoCloseable {
    private final ConnectorService service;
    private final OrganizationId org;
    private final Optional<ConnectorId> explicit;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();

    ConnectorKeychain(ConnectorService service, OrganizationId org, Optional<ConnectorId> explicit) {
        this.service = service;
        this.org = org;
        this.explicit = explicit;
    }

    @Override
    public Credential resolve(String registryHost) throws IOException {
        String host = registryHost.strip().toLowerCase(Locale.ROOT);
        Optional<Connector> c = explicit.isPresent()
                ? Optional.of(service.show(org, explicit.get())).filter(x -> x.registryHost().equals(host))
                : service.connectorFor(org, host);
        if (c.isEmpty() || c.get().isBuiltIn()) {
            return Credential.ANONYMOUS;
        }
        Connector connector = c.get();
        String key = connector.id() + "@" + connector.version();
        Connection conn = connections.get(key);
        if (conn == null) {
            conn = service.open(org, connector.id());
            Connection raced = connections.putIfAbsent(key, conn);
            if (raced != null) {
                conn.close();
                conn = raced;
            }
        }
        try {
            return conn.credential().credential();
        } catch (AccessException e) {
            throw new AccessException(e.failure(), "read credentials", connector.id().toString(), "The credentials of"
                    + " connector " + connector.id() + " could not be used: " + e.getMessage(), e.retryable(), null);
        }
    }

    /** The connector this keychain is bound to, when it was made for one. */
    public Optional<ConnectorId> connector() {
        return explicit;
    }

    @Override
    public void close() throws IOException {
        List<IOException> failures = new ArrayList<>();
        for (Connection c : connections.values()) {
            try {
                c.close();
            } catch (IOException e) {
                failures.add(e);
            }
        }
        connections.clear();
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }

    @Override
    public String toString() {
        return "ConnectorKeychain[" + org + explicit.map(id -> ", " + id).orElse("") + "]";
    }
}
