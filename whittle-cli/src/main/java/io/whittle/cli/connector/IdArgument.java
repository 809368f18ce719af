package io.whittle.cli.connector;

import io.whittle.platform.connector.ConnectorId;
import picocli.CommandLine.Parameters;

/** The ID argument of the commands on one connector. */
final class IdArgument {

    @Parameters(paramLabel = "ID", description = "A connector ID, e.g. ghcr.k3v9x2m4qa.")
    String text;

    /** The ID; a malformed one is a usage error. */
    ConnectorId id() {
        return ConnectorErrors.id(text);
    }
}
