package io.whittle.platform.connector;

/** Another connector of the organization already has that name. */
public class DuplicateConnectorNameException extends ConnectorException {
    public DuplicateConnectorNameException(String name) {
        super("A connector named '" + name + "' exists already in this organization: choose another name.");
    }
}
