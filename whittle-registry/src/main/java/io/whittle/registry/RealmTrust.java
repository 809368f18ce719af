package io.whittle.registry;

import java.net.URI;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a registry's token realm may receive the registry's credentials. A realm gets them only when
 * it is served over https (or over http for a registry Whittle already reaches over http: loopback or listed as
 * insecure) and lives on the registry's own host (any port) or on an auth host known for that registry
 * ({@code auth.docker.io} for Docker Hub, {@code gitlab.com} for {@code registry.gitlab.com}, …, or one
 * added with {@link RegistryClient.Builder#trustRealm}). Any other realm still gets a token request, without
 * credentials, so public content keeps working.
 */
final class RealmTrust {
    private final Map<String, Set<String>> known = new HashMap<>();

    RealmTrust() {
        add("docker.io", "auth.docker.io");
        add("registry-1.docker.io", "auth.docker.io");
        add("registry.gitlab.com", "gitlab.com");
        add("registry.digitalocean.com", "api.digitalocean.com");
    }

    void add(String registryHost, String realmHost) {
        known.computeIfAbsent(host(registryHost), k -> new HashSet<>()).add(host(realmHost));
    }

    /** Why {@code realm} may not receive credentials for {@code endpoint}; empty when it may. */
    Optional<String> distrust(Endpoint endpoint, URI realm) {
        String scheme = realm.getScheme() == null ? "" : realm.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && !endpoint.plainHttp) {
            return Optional.of("the token service " + show(realm) + " uses plain http while the registry uses https");
        }
        String realmHost = host(realm.getHost() == null ? "" : realm.getHost());
        String apiHost = host(endpoint.apiHost);
        String registryHost = host(endpoint.registry);
        if (realmHost.equals(apiHost) || realmHost.equals(registryHost)) {
            return Optional.empty();
        }
        if (known.getOrDefault(registryHost, Set.of()).contains(realmHost)
                || known.getOrDefault(apiHost, Set.of()).contains(realmHost)) {
            return Optional.empty();
        }
        return Optional.of("the token service " + show(realm) + " is not on the registry's host " + apiHost);
    }

    /** Host without port, lower case, brackets and trailing dots removed. */
    static String host(String hostPort) {
        String h = hostPort.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end > 0 ? h.substring(1, end) : h;
        }
        int colon = h.indexOf(':');
        if (colon >= 0 && h.indexOf(':', colon + 1) < 0) {
            h = h.substring(0, colon);
        }
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }

    private static String show(URI realm) {
        return realm.getScheme() + "://" + realm.getHost() + (realm.getPort() >= 0 ? ":" + realm.getPort() : "");
    }
}
