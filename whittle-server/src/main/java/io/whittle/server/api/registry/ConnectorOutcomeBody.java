package io.whittle.server.api.registry;

import io.whittle.connector.CheckResult;
import io.whittle.connector.ConnectorCheckException;
import io.whittle.connector.ConnectorOutcome;
import io.whittle.oci.Failure;
import io.whittle.platform.connector.Access;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A connector after it was saved or tested, with what the check found: {@code check} when it passed,
 * {@code failure} when it did not (the connector was then saved unverified, or marked failing by a test). The
 * fields of {@code whittle connector add|edit|test -o json}.
 */
public record ConnectorOutcomeBody(ConnectorBody connector, boolean verified, Optional<CheckBody> check,
                                   Optional<FailureBody> failure) {

    /**
     * What a successful check found.
     *
     * @param registry the registry host the credentials are for, as the provider confirmed it
     * @param notes    things to know, one sentence each (say, why access is unknown)
     */
    public record CheckBody(String registry, Access access, Optional<Instant> expiresAt,
                            Optional<ConnectorBody.RateLimitBody> rateLimit, List<String> notes) {
    }

    /**
     * Why the check failed, in one sentence, and the form field it concerns when there is one.
     *
     * @param kind not-found, unauthorized, denied, invalid, unavailable, blocked…
     */
    public record FailureBody(String message, Optional<String> field, Failure kind) {
    }

    static ConnectorOutcomeBody of(ConnectorOutcome o) {
        return new ConnectorOutcomeBody(ConnectorBody.of(o.connector()), o.verified(),
                o.result().map(ConnectorOutcomeBody::check), o.failure().map(ConnectorOutcomeBody::failure));
    }

    private static CheckBody check(CheckResult r) {
        return new CheckBody(r.registryHost(), r.access(), r.expiresAt(),
                r.rateLimit().map(ConnectorBody.RateLimitBody::of), r.notes());
    }

    private static FailureBody failure(ConnectorCheckException e) {
        return new FailureBody(e.getMessage(), e.field(), e.failure());
    }
}
