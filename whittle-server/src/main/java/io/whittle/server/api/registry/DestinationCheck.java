package io.whittle.server.api.registry;

import io.whittle.connector.Field;
import io.whittle.connector.FieldKind;
import io.whittle.connector.FieldValues;
import io.whittle.connector.Provider;
import io.whittle.oci.AccessException;
import io.whittle.registry.net.BlockedDestinationException;
import io.whittle.registry.net.OutboundPolicy;
import io.whittle.registry.net.PolicyDnsResolver;
import io.whittle.server.http.FieldError;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Refuses, before a connector is saved, a registry host or URL that the server's outbound policy would never let
 * Whittle reach: loopback, private, link-local and metadata addresses, internal names, and host names that resolve
 * to any of them (unless the operator allow-listed them). The policy is enforced again at every connection, on the
 * address actually used; checking here as well means such a connector is never stored, even unverified, and the
 * user learns which field is wrong.
 *
 * <p>What is checked: the registry host the values give (unless it is the provider's built-in default), and every
 * URL entered in a text field that decides where credentials go ({@link Provider#destinationSettings()}). A host
 * name that does not resolve now passes: the check of the connector, or its first use, reports it.
 */
public final class DestinationCheck {
    private final OutboundPolicy policy;
    private final PolicyDnsResolver resolver;

    public DestinationCheck(OutboundPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.resolver = new PolicyDnsResolver(policy);
    }

    /** Every destination of {@code values} the policy refuses, one error per field; empty when all may be reached. */
    public List<FieldError> problems(Provider p, FieldValues values) {
        Map<String, URI> destinations = new LinkedHashMap<>();
        for (Field f : p.form().fields()) {
            if (f.kind() != FieldKind.TEXT || !p.destinationSettings().contains(f.key())) {
                continue;
            }
            Optional<String> entered = values.text(f.key());
            if (entered.isPresent() && entered.get().contains("://")) {
                url(entered.get()).ifPresent(u -> destinations.put(f.key(), u));
            }
        }
        Optional<String> host = p.registryHost(values);
        if (host.isPresent() && !host.equals(p.registryHost(FieldValues.empty()))) {
            destinations.putIfAbsent(fieldHolding(p, values, host.get()), URI.create("https://" + host.get()));
        }
        List<FieldError> out = new ArrayList<>();
        for (Map.Entry<String, URI> d : destinations.entrySet()) {
            refusal(d.getValue()).ifPresent(why -> out.add(FieldError.of(d.getKey(), why)));
        }
        return out;
    }

    /** Why the policy refuses {@code url}; empty when it may be reached (or its host does not resolve now). */
    private Optional<String> refusal(URI url) {
        try {
            policy.checkUrl(url);
            String host = url.getHost();
            if (host != null && !host.startsWith("[")) {
                resolver.resolve(host);
            }
            return Optional.empty();
        } catch (AccessException e) {
            return Optional.of(e.getMessage());
        } catch (BlockedDestinationException e) {
            return Optional.of(e.failure().getMessage());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static Optional<URI> url(String value) {
        try {
            return Optional.of(new URI(value.strip()));
        } catch (java.net.URISyntaxException e) {
            return Optional.empty(); // the form's own check reports it
        }
    }

    /** The entered text field that holds {@code host}, for the error to point at; the provider id otherwise. */
    private static String fieldHolding(Provider p, FieldValues values, String host) {
        String bare = host.toLowerCase(Locale.ROOT);
        for (Field f : p.form().fields()) {
            if (f.kind() == FieldKind.TEXT && p.destinationSettings().contains(f.key())
                    && values.text(f.key()).map(v -> v.toLowerCase(Locale.ROOT).contains(bare)).orElse(false)) {
                return f.key();
            }
        }
        return p.id();
    }
}
