package io.whittle.cli.remote;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code whittle login} remembers: the servers the user signed in to, each with its API token, and which one
 * commands use by default. Tokens are secrets: the file is private to the user, and this record never prints them.
 *
 * @param current the server commands talk to without {@code --server}; empty: commands run locally
 * @param tokens API token per server base URL
 */
public record ClientConfig(Optional<URI> current, Map<URI, String> tokens) {
    public ClientConfig {
        Objects.requireNonNull(current, "current");
        tokens = Map.copyOf(tokens);
    }

    public static ClientConfig empty() {
        return new ClientConfig(Optional.empty(), Map.of());
    }

    public Optional<String> token(URI server) {
        return Optional.ofNullable(tokens.get(server));
    }

    /** Signed in to {@code server}, which becomes the default. */
    public ClientConfig withLogin(URI server, String token) {
        Map<URI, String> t = new LinkedHashMap<>(tokens);
        t.put(server, token);
        return new ClientConfig(Optional.of(server), t);
    }

    /** Signed out of {@code server}; commands run locally when it was the default. */
    public ClientConfig withLogout(URI server) {
        Map<URI, String> t = new LinkedHashMap<>(tokens);
        t.remove(server);
        Optional<URI> c = current.filter(u -> !u.equals(server));
        return new ClientConfig(c, t);
    }

    @Override
    public String toString() {
        return "ClientConfig[current=" + current.map(URI::toString).orElse("local") + ", servers=" + tokens.keySet()
                + "]";
    }
}
