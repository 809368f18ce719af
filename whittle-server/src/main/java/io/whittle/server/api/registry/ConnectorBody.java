package io.whittle.server.api.registry;

import io.whittle.platform.connector.Access;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.RateLimit;
import io.whittle.platform.connector.Verification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A connector as the API shows it: its plain settings and the names of the secret fields that are set, never a
 * secret's value (the store hands out none). The fields of {@code whittle connector show -o json}, plus
 * {@code version}, which a change may send back to make sure nobody changed the connector in between.
 *
 * @param registry      the registry host its credentials are for, exactly as image references write it
 * @param secrets       the secret fields that are set (stored encrypted, never returned)
 * @param statusReason  why the connector is unverified or failing
 * @param access        read-only, read-write, or unknown, as the last check found
 * @param expiresAt     when the stored credential expires, where the provider tells
 */
public record ConnectorBody(String id, String provider, String name, String registry, boolean builtIn,
                            Map<String, String> settings, List<String> secrets, Verification status,
                            Optional<String> statusReason, Access access, Optional<Instant> expiresAt,
                            Optional<Instant> lastCheckedAt, Optional<RateLimitBody> rateLimit, Instant createdAt,
                            Instant updatedAt, long version) {

    /** The pulls left of a registry's rate limit, and when that was read. */
    public record RateLimitBody(int limit, int remaining, long windowSeconds, Instant checkedAt) {
        static RateLimitBody of(RateLimit l) {
            return new RateLimitBody(l.limit(), l.remaining(), l.window().toSeconds(), l.checkedAt());
        }
    }

    static ConnectorBody of(Connector c) {
        String reason = c.state().status().reason();
        return new ConnectorBody(c.id().toString(), c.provider(), c.name(), c.registryHost(), c.isBuiltIn(),
                c.settings(), List.copyOf(c.secretFields()), c.state().status().verification(),
                reason.isEmpty() ? Optional.empty() : Optional.of(reason), c.state().access(), c.state().expiresAt(),
                c.state().lastCheckedAt(), c.state().rateLimit().map(RateLimitBody::of), c.createdAt(), c.updatedAt(),
                c.version());
    }
}
