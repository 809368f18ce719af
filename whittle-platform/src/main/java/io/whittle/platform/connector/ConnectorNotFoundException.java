package io.whittle.platform.connector;

/**
 * No connector with that ID in the caller's organization. Said the same way whether the ID does not exist
 * or belongs to another organization, so that IDs of other tenants cannot be probed.
 */
public class ConnectorNotFoundException extends ConnectorException {
    private final ConnectorId id;

    public ConnectorNotFoundException(ConnectorId id) {
        super("There is no connector " + id + " in this organization: run 'whittle connector list' to see the connector IDs.");
        this.id = id;
    }

    public ConnectorId id() {
        return id;
    }
}
