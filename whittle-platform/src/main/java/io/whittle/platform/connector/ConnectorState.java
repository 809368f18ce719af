package io.whittle.platform.connector;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * What the last check of a connector found: status, access, when the credential expires (where the
 * provider tells) and when the check ran. Instants are kept to microseconds, what both databases store.
 */
public record ConnectorState(ConnectorStatus status, Access access, Optional<Instant> expiresAt,
                             Optional<Instant> lastCheckedAt) {
    public ConnectorState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(access, "access");
        expiresAt = Objects.requireNonNull(expiresAt, "expiresAt").map(ConnectorState::micros);
        lastCheckedAt = Objects.requireNonNull(lastCheckedAt, "lastCheckedAt").map(ConnectorState::micros);
    }

    /** Saved without a check. */
    public static ConnectorState unverified() {
        return new ConnectorState(ConnectorStatus.unverified(""), Access.UNKNOWN, Optional.empty(), Optional.empty());
    }

    /** The outcome of a check that ran at {@code checkedAt}. */
    public static ConnectorState checked(ConnectorStatus status, Access access, Optional<Instant> expiresAt,
                                         Instant checkedAt) {
        return new ConnectorState(status, access, expiresAt, Optional.of(checkedAt));
    }

    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
