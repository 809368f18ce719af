package io.whittle.connector;

import io.whittle.connector.http.RestClient;
import io.whittle.registry.RegistryClient;
import io.whittle.registry.RetryPolicy;
import io.whittle.registry.Timeouts;
import io.whittle.registry.net.OutboundPolicy;
import java.time.Clock;
import java.util.Objects;

/**
 * What providers share: the REST client for provider APIs, and the outbound policy, timeouts, retries and
 * User-Agent that every registry client they make must use. One policy for every outbound request.
 */
public record ProviderContext(RestClient rest, OutboundPolicy policy, Timeouts timeouts, RetryPolicy retries,
                              String userAgent, Clock clock) {
    public ProviderContext {
        Objects.requireNonNull(rest, "rest");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(retries, "retries");
        Objects.requireNonNull(userAgent, "userAgent");
        Objects.requireNonNull(clock, "clock");
        if (rest.policy() != policy) {
            throw new IllegalArgumentException("the REST client must obey the same outbound policy as the registry"
                    + " clients");
        }
    }

    /** A context with its own REST client under {@code policy}; close the REST client when done. */
    public static ProviderContext create(OutboundPolicy policy, Timeouts timeouts, RetryPolicy retries,
                                         String userAgent) {
        return new ProviderContext(RestClient.create(policy, timeouts, retries, userAgent), policy, timeouts, retries,
                userAgent, Clock.systemUTC());
    }

    /** A registry client builder with this context's policy, timeouts, retries and User-Agent. */
    public RegistryClient.Builder registryClient() {
        return RegistryClient.builder().policy(policy).timeouts(timeouts).retries(retries).userAgent(userAgent);
    }
}
