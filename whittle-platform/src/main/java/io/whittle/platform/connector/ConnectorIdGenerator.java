package io.whittle.platform.connector;

import java.security.SecureRandom;

/** Makes new connector IDs; the store checks each for a collision before using it. */
@FunctionalInterface
public interface ConnectorIdGenerator {
    ConnectorId next(String provider);

    /** Random IDs from a {@link SecureRandom}. */
    static ConnectorIdGenerator secure() {
        SecureRandom random = new SecureRandom();
        return provider -> ConnectorId.random(provider, random);
    }
}
