package io.whittle.platform.connector;

/** The connector changed since it was read (optimistic locking). */
public class ConnectorConflictException extends ConnectorException {
    public ConnectorConflictException(ConnectorId id, long expected, long actual) {
        super("Connector " + id + " was changed by someone else since it was read (version " + expected
                + ", now " + actual + "): load it again and repeat the change.");
    }
}
