package io.whittle.cli.connector;

import io.whittle.cli.UsageException;
import io.whittle.connector.ConnectorCheckException;
import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import io.whittle.platform.PlatformException;
import io.whittle.platform.connector.BuiltInConnectorException;
import io.whittle.platform.connector.ConnectorId;
import io.whittle.platform.connector.ConnectorNotFoundException;
import io.whittle.platform.connector.DuplicateConnectorNameException;
import io.whittle.platform.connector.InvalidConnectorIdException;
import io.whittle.platform.connector.SecretRequiredException;
import java.io.IOException;

/**
 * Turns what the connector service and the platform store throw into the exceptions the CLI reports with their exit
 * codes: a wrong field, name or ID is a usage error (2), a missing connector is "not found" (5), a refused credential
 * stays an authentication failure (4), a database or key problem is a failure (1). Messages pass unchanged: they
 * are written for people and never hold a secret.
 */
final class ConnectorErrors {
    private ConnectorErrors() {
    }

    @FunctionalInterface
    interface Work<T> {
        T run() throws IOException;
    }

    static <T> T call(Work<T> work) throws IOException {
        try {
            return work.run();
        } catch (ConnectorCheckException e) {
            if (e.failure() == Failure.INVALID) {
                throw new UsageException(e.getMessage(), e);
            }
            throw e;
        } catch (ConnectorNotFoundException e) {
            throw new AccessException(Failure.NOT_FOUND, "find connector", e.id().toString(), e.getMessage(), false,
                    e);
        } catch (SecretRequiredException e) {
            throw new UsageException(e.getMessage().replaceAll("\\.$", "") + " with --secret-stdin KEY or"
                    + " --secret-file KEY=PATH", e);
        } catch (DuplicateConnectorNameException | BuiltInConnectorException | InvalidConnectorIdException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (PlatformException e) {
            throw new AccessException(Failure.OTHER, "use connectors", "the data directory", e.getMessage(), false,
                    e);
        }
    }

    /** A connector ID as typed; a malformed one is a usage error saying the expected form. */
    static ConnectorId id(String text) {
        try {
            return ConnectorId.parse(text.strip());
        } catch (InvalidConnectorIdException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
