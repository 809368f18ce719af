package io.whittle.registry;

import io.whittle.oci.ImageReference;
import io.whittle.registry.auth.Keychain;
import io.whittle.registry.net.HttpTransport;
import io.whittle.registry.net.OutboundPolicy;
import io.whittle.registry.net.PolicyDnsResolver;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.DnsResolver;

/**
 * The entry point to registries: one per process, thread-safe, holding the connection pool, the token cache
 * and what it learnt about each registry. Close it when done.
 *
 * <p>Transport: registries on loopback ({@code localhost}, {@code 127.0.0.0/8}, {@code ::1}) and those listed in
 * {@link Builder#insecureRegistries} are reached over plain http directly (a loopback registry that turns out to
 * speak only TLS is then reached over https); every other registry over https only. Credentials therefore travel
 * over plain http only to loopback or explicitly insecure registries.
 */
public final class RegistryClient implements AutoCloseable {
    private final RegistryCaller caller;
    private final OutboundPolicy policy;
    private final LazyTls tls;

    private RegistryClient(Builder b) {
        this.policy = b.policy;
        DnsResolver resolver = b.resolverDecorator.apply(new PolicyDnsResolver(b.policy));
        RealmTrust realms = new RealmTrust();
        b.realms.forEach(pair -> realms.add(pair[0], pair[1]));
        this.tls = LazyTls.of(Optional.ofNullable(b.ssl));
        var http = HttpTransport.create(b.policy, resolver, b.timeouts, b.perHost, tls, b.userAgent, false);
        this.caller = new RegistryCaller(http, b.policy, b.retries, b.timeouts, b.keychain, b.insecure, realms);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The repository of {@code ref}; only its registry and repository matter. No request is made yet. */
    public RegistryRepository repository(ImageReference ref) {
        Objects.requireNonNull(ref, "ref");
        return new RegistryRepository(caller, ref.registry(), ref.repository());
    }

    /** The repository {@code repository} of {@code registry} ({@code host[:port]} as references write it). */
    public RegistryRepository repository(String registry, String repository) {
        return repository(new ImageReference(registry, repository, Optional.empty(), Optional.empty()));
    }

    /** Every repository the registry lists ({@code GET /v2/_catalog}), {@code pageSize} per request. */
    public List<String> catalog(String registry, int pageSize) throws IOException {
        return catalogLister(registry).all("/v2/_catalog", pageSize);
    }

    /**
     * One page of the catalog: the first when {@code next} is empty, else the page after the one whose
     * {@link Page#next()} is passed. Lets a caller stream a large catalog page by page.
     */
    public Page catalogPage(String registry, int pageSize, Optional<String> next) throws IOException {
        return catalogLister(registry).page("/v2/_catalog", pageSize, next);
    }

    private NameLister catalogLister(String registry) throws IOException {
        return new NameLister(caller, caller.endpoint(requireRegistry(registry), "list repositories", registry),
                "list repositories", registry,
                Scope.catalog(), "repositories");
    }

    /**
     * Checks that the registry answers the distribution API and accepts the keychain's credentials for it.
     *
     * @throws io.whittle.oci.AccessException saying what is wrong: unreachable, blocked, not a registry, refused
     */
    public void ping(String registry) throws IOException {
        new Pinger(caller).ping(requireRegistry(registry));
    }

    /** The outbound policy every connection of this client obeys. */
    public OutboundPolicy policy() {
        return policy;
    }

    /** True once an https connection needed the TLS context, which is built only then (for tests). */
    boolean tlsBuilt() {
        return tls.built();
    }

    private static String requireRegistry(String registry) {
        Objects.requireNonNull(registry, "registry");
        // Validates the host the way references do; a path or scheme here is a caller's mistake.
        new ImageReference(registry, "x", Optional.empty(), Optional.empty());
        return registry;
    }

    @Override
    public void close() throws IOException {
        caller.close();
    }

    /** Settings for a {@link RegistryClient}; every one has a default. */
    public static final class Builder {
        private Keychain keychain = Keychain.ANONYMOUS;
        private OutboundPolicy policy = OutboundPolicy.cli();
        private final Set<String> insecure = new LinkedHashSet<>();
        private String userAgent = Version.userAgent();
        private Timeouts timeouts = Timeouts.defaults();
        private RetryPolicy retries = RetryPolicy.defaults();
        private int perHost = 32;
        private SSLContext ssl;
        private final List<String[]> realms = new java.util.ArrayList<>();
        private UnaryOperator<DnsResolver> resolverDecorator = UnaryOperator.identity();

        private Builder() {
        }

        /** Where credentials come from; anonymous by default. */
        public Builder keychain(Keychain k) {
            this.keychain = Objects.requireNonNull(k, "keychain");
            return this;
        }

        /** The outbound address policy; {@link OutboundPolicy#cli()} by default. */
        public Builder policy(OutboundPolicy p) {
            this.policy = Objects.requireNonNull(p, "policy");
            return this;
        }

        /** Registries ({@code host:port} or {@code host}) reached over plain http. */
        public Builder insecureRegistries(Set<String> hostPorts) {
            for (String h : hostPorts) {
                insecure.add(h.strip().toLowerCase(Locale.ROOT));
            }
            return this;
        }

        /** The User-Agent header; {@code whittle/<version>} by default. */
        public Builder userAgent(String ua) {
            Objects.requireNonNull(ua, "userAgent");
            if (ua.isBlank()) {
                throw new IllegalArgumentException("the User-Agent cannot be blank: some registries refuse requests"
                        + " without one");
            }
            this.userAgent = ua;
            return this;
        }

        public Builder timeouts(Timeouts t) {
            this.timeouts = Objects.requireNonNull(t, "timeouts");
            return this;
        }

        public Builder retries(RetryPolicy r) {
            this.retries = Objects.requireNonNull(r, "retries");
            return this;
        }

        /** Connections kept per host; at least the number of parallel blob transfers (default 32). */
        public Builder maxConnectionsPerHost(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("at least one connection per host is needed");
            }
            this.perHost = n;
            return this;
        }

        /** The TLS context, e.g. one that trusts a private CA; the JDK's default otherwise. */
        public Builder sslContext(SSLContext context) {
            this.ssl = Objects.requireNonNull(context, "sslContext");
            return this;
        }

        /**
         * Lets the token service on {@code realmHost} receive the credentials of {@code registryHost} (beyond the
         * registry's own host and the known provider auth hosts).
         */
        public Builder trustRealm(String registryHost, String realmHost) {
            realms.add(new String[] {Objects.requireNonNull(registryHost), Objects.requireNonNull(realmHost)});
            return this;
        }

        /** For tests: wraps the policy-enforcing resolver, e.g. to record what is resolved. */
        Builder resolverDecorator(UnaryOperator<DnsResolver> decorator) {
            this.resolverDecorator = Objects.requireNonNull(decorator);
            return this;
        }

        public RegistryClient build() {
            return new RegistryClient(this);
        }
    }
}
