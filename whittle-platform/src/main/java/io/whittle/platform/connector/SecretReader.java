package io.whittle.platform.connector;

import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.secret.SecretValue;
import java.util.SortedMap;

/**
 * The only way out for stored secrets: given to the code that builds registry credentials from a
 * connector, and to nothing that lists, shows or serializes connectors.
 */
public interface SecretReader {
    /**
     * The decrypted secret fields of a connector of {@code org} (empty for built-in connectors).
     *
     * @throws ConnectorNotFoundException when {@code org} has no such connector
     * @throws io.whittle.platform.secret.SecretDecryptionException when a stored secret does not decrypt
     */
    SortedMap<String, SecretValue> secrets(OrganizationId org, ConnectorId id);
}
