package io.whittle.platform.connector;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * What the last check of a connector found: status, access, when the credential expires (where the
 * provider tells), when the check ran, and the pull rate limit left (where the registry reports one; it may
 * come from an earlier check than the last, which says when it was read). Instants are kept to microseconds,
 * what both databases store.
 */
public record ConnectorState(ConnectorStatus status, Access access, Optional<Instant> expiresAt,
                             Optional<Instant> lastCheckedAt, Optional<RateLimit> rateLimit) {
    public ConnectorState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(access, "access");
        expiresAt = Objects.requireNonNull(expiresAt, "expiresAt").map(ConnectorState::micros);
        lastCheckedAt = Objects.requireNonNull(lastCheckedAt, "lastCheckedAt").map(ConnectorState::micros);
        Objects.requireNonNull(rateLimit, "rateLimit");
    }

    /** A state without a rate limit. */
    public ConnectorState(ConnectorStatus status, Access access, Optional<Instant> expiresAt,
                          Optional<Instant> lastCheckedAt) {
        this(status, access, expiresAt, lastCheckedAt, Optional.empty());
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

    /** The same state with {@code limit} as the rate limit last read. */
    public ConnectorState withRateLimit(Optional<RateLimit> limit) {
        return new ConnectorState(status, access, expiresAt, lastCheckedAt, limit);
    }

    static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }
}
