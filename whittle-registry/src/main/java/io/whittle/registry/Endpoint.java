package io.whittle.registry;

import io.whittle.registry.auth.Challenge;
import io.whittle.registry.auth.Credential;
import io.whittle.registry.auth.Keychain;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What Whittle knows about one registry: where its API lives ({@code docker.io} is served by
 * {@code registry-1.docker.io}), over which scheme, which challenges it sent, and the credential the keychain
 * gave for it. One per registry per client, shared by every repository on it.
 */
final class Endpoint {
    final String registry;
    final String apiHost;
    final URI base;
    final boolean plainHttp;
    private final Keychain keychain;
    private volatile List<Challenge> challenges = List.of();
    private volatile Credential credential;
    /** Why the last token request went without credentials, for the message of a later 401. */
    volatile Optional<String> withheld = Optional.empty();

    Endpoint(String registry, String apiHost, boolean plainHttp, Keychain keychain) {
        this.registry = registry;
        this.apiHost = apiHost;
        this.plainHttp = plainHttp;
        this.base = URI.create((plainHttp ? "http" : "https") + "://" + apiHost);
        this.keychain = keychain;
    }

    Endpoint withScheme(boolean http) {
        return new Endpoint(registry, apiHost, http, keychain);
    }

    List<Challenge> challenges() {
        return challenges;
    }

    void challenges(List<Challenge> c) {
        this.challenges = List.copyOf(c);
    }

    Optional<Challenge> bearer() {
        return challenges.stream().filter(Challenge::isBearer).findFirst();
    }

    Optional<Challenge> basic() {
        return challenges.stream().filter(Challenge::isBasic).findFirst();
    }

    /** The keychain's answer, asked once and kept until {@link #forgetCredential} (after a refusal). */
    Credential credential() throws IOException {
        Credential c = credential;
        if (c == null) {
            synchronized (this) {
                c = credential;
                if (c == null) {
                    c = keychain.resolve(registry);
                    if (c == null) {
                        c = Credential.ANONYMOUS;
                    }
                    credential = c;
                }
            }
        }
        return c;
    }

    /**
     * Drops the keychain's answer so that the next request asks again: the registry refused it, and a keychain
     * that renews credentials (a rotated password, an exchanged token that expired) may have a newer one.
     */
    void forgetCredential() {
        synchronized (this) {
            credential = null;
        }
    }

    /** True when {@code uri} is this registry's own origin: only there do registry credentials go. */
    boolean sameOrigin(URI uri) {
        return sameOrigin(base, uri);
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    @Override
    public String toString() {
        return registry + " (" + base + ")";
    }
}
