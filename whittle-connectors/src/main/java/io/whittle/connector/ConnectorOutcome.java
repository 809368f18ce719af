package io.whittle.connector;

import io.whittle.platform.connector.Connector;
import java.util.Objects;
import java.util.Optional;

/**
 * A connector after it was saved or tested, with what the check found: the result when it passed, the failure
 * when it did not (then the connector was saved unverified, or marked failing by a test).
 */
public record ConnectorOutcome(Connector connector, Optional<CheckResult> result,
                               Optional<ConnectorCheckException> failure) {
    public ConnectorOutcome {
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(failure, "failure");
    }

    public boolean verified() {
        return result.isPresent();
    }
}
