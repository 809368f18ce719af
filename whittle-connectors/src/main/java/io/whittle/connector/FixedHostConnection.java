package io.whittle.connector;

import java.util.Objects;

/**
 * A connection whose registry host follows from its fields, known before anything is sent: every provider's but
 * ECR's, whose host only the credential exchange tells.
 */
public abstract class FixedHostConnection extends BaseConnection {
    /** The registry host, as image references write it. */
    protected final String registry;

    protected FixedHostConnection(ProviderContext context, CredentialFields fields, String registry) {
        super(context, fields);
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public final String registryHost() {
        return registry;
    }
}
