package io.whittle.platform.connector;

/** A text that is not a connector ID. */
public class InvalidConnectorIdException extends IllegalArgumentException {
    public InvalidConnectorIdException(String message) {
        super(message);
    }
}
