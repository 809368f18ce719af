package io.whittle.platform.connector;

import io.whittle.platform.PlatformException;

/** Base of the connector store's refusals; messages name connectors and fields, never secret values. */
public class ConnectorException extends PlatformException {
    public ConnectorException(String message) {
        super(message);
    }
}
