package io.whittle.platform.connector;

/** Built-in connectors such as {@code dockerhub.public} are not stored and cannot be changed. */
public class BuiltInConnectorException extends ConnectorException {
    public BuiltInConnectorException(ConnectorId id) {
        super("Connector " + id + " is built in and read-only: it cannot be edited, checked or removed; "
                + "add a dockerhub connector for signed-in access.");
    }
}
