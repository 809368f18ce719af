package io.whittle.cli.connector;

import io.whittle.registry.RegistryClient;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The saved connectors, as the rest of the CLI sees them: a light handle on the data directory that opens the
 * database, the providers and the SDKs behind them only when a command needs a connector. A registry command run
 * without {@code --connector} before any connector was saved loads none of that: it only checks that there is no
 * database file. Close it when the command is done.
 */
public final class LocalConnectors implements AutoCloseable {
    private final DataDirectory dir;
    private final Map<String, String> env;
    private ConnectorPlatform platform;

    public LocalConnectors(DataDirectory dir, Map<String, String> env) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.env = Map.copyOf(env);
    }

    public DataDirectory dataDirectory() {
        return dir;
    }

    synchronized ConnectorPlatform platform() {
        if (platform == null) {
            platform = new ConnectorPlatform(dir, env);
        }
        return platform;
    }

    /**
     * The registry client for {@code registryHost}: the named connector's (which must hold credentials for exactly
     * that host), else that of the saved connector whose registry host is exactly {@code registryHost}; empty when
     * neither applies, and the caller goes on to Docker's config and anonymous access.
     */
    public Optional<RegistryClient> registryFor(String registryHost, Optional<String> connector) throws IOException {
        if (connector.isEmpty() && !dir.hasDatabase()) {
            return Optional.empty();
        }
        ConnectorPlatform p = platform();
        try {
            return p.registryFor(registryHost, connector, Optional.empty());
        } finally {
            p.releaseDatabase();
        }
    }

    /**
     * As {@link #registryFor}, for a push to {@code repository}: the connector first makes sure the push can land
     * there (an ECR connector creates a missing repository, or says that its credential may not).
     */
    public Optional<RegistryClient> registryForPush(String registryHost, Optional<String> connector,
                                                    String repository) throws IOException {
        if (connector.isEmpty() && !dir.hasDatabase()) {
            return Optional.empty();
        }
        ConnectorPlatform p = platform();
        try {
            return p.registryFor(registryHost, connector, Optional.of(repository));
        } finally {
            p.releaseDatabase();
        }
    }

    @Override
    public synchronized void close() {
        if (platform != null) {
            platform.close();
            platform = null;
        }
    }
}
