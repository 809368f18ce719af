package io.whittle.registry.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.hc.client5.http.DnsResolver;

/**
 * Resolves host names for the HTTP client and hands on only the addresses the {@link OutboundPolicy} allows.
 * The client connects to what this returns, so the check applies to the address actually used, on every
 * connection and every redirect hop. Address literals pass through here too (the client does not parse them
 * itself), which a test verifies.
 */
public final class PolicyDnsResolver implements DnsResolver {
    private final OutboundPolicy policy;

    public PolicyDnsResolver(OutboundPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
        Optional<String> nameWhy = policy.hostDenial(host);
        if (nameWhy.isPresent()) {
            throw new BlockedDestinationException(OutboundPolicy.blocked(host, nameWhy.get()));
        }
        InetAddress[] all = InetAddress.getAllByName(host);
        List<InetAddress> allowed = new ArrayList<>(all.length);
        String firstWhy = null;
        for (InetAddress a : all) {
            Optional<String> why = policy.addressDenial(host, a);
            if (why.isEmpty()) {
                allowed.add(a);
            } else if (firstWhy == null) {
                firstWhy = why.get();
            }
        }
        if (allowed.isEmpty()) {
            throw new BlockedDestinationException(OutboundPolicy.blocked(host,
                    firstWhy == null ? "it resolves to no address" : firstWhy));
        }
        return allowed.toArray(InetAddress[]::new);
    }

    @Override
    public String resolveCanonicalHostname(String host) throws UnknownHostException {
        return resolve(host)[0].getCanonicalHostName();
    }
}
