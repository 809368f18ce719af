package io.whittle.connector;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks for the addresses users type: registry hosts and API URLs. Credentials go only to the provider's known
 * hosts or exactly where the user pointed a connector; these checks make sure "exactly where" is a plain
 * {@code host[:port]} or an https URL without credentials in it (plain http only to loopback, where tests and
 * local tools run, or where a generic connector explicitly allows it).
 */
public final class Endpoints {
    private static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
    private static final Pattern HOST = Pattern.compile(
            "(?:" + LABEL + "(?:\\." + LABEL + ")*|\\[[0-9a-f:.]{2,45}])(?::[0-9]{1,5})?");

    private Endpoints() {
    }

    /** A registry host as references write it ({@code ghcr.io}, {@code registry.example.com:5000}), lowercased. */
    public static Optional<String> registryHost(String value) {
        String h = value.strip().toLowerCase(Locale.ROOT);
        if (h.length() > 262 || !HOST.matcher(h).matches()) {
            return Optional.empty();
        }
        int colon = h.lastIndexOf(':');
        if (colon > 0 && !h.endsWith("]")) {
            int port = Integer.parseInt(h.substring(colon + 1));
            if (port < 1 || port > 65535) {
                return Optional.empty();
            }
        }
        return Optional.of(h);
    }

    /** The check of a registry-host field. */
    public static final FieldCheck REGISTRY_HOST = v -> registryHost(v).isPresent() ? Optional.empty()
            : Optional.of("Give a registry host such as registry.example.com or registry.example.com:5000, without"
            + " scheme or path.");

    /** The check of an API-URL field: an https URL (http only for loopback) without user, query or fragment. */
    public static final FieldCheck API_URL = v -> apiUrlProblem(v, false);

    /** An API URL, parsed; call only on values that passed {@link #API_URL} (or a built-in default). */
    public static URI apiUrl(String value) {
        String v = value.strip();
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return URI.create(v);
    }

    static Optional<String> apiUrlProblem(String value, boolean plainHttpAllowed) {
        URI u;
        try {
            u = new URI(value.strip());
        } catch (URISyntaxException e) {
            return Optional.of("Give a URL such as https://api.example.com; this one does not parse.");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || u.getHost() == null) {
            return Optional.of("Give an https URL such as https://api.example.com.");
        }
        if (u.getRawUserInfo() != null) {
            return Optional.of("Leave the user name and password out of the URL: Whittle sends credentials only from"
                    + " the secret fields.");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            return Optional.of("Give the URL without a query or fragment.");
        }
        if (scheme.equals("http") && !plainHttpAllowed && !isLoopback(u.getHost())) {
            return Optional.of("Use https: credentials are never sent over plain http to " + u.getHost() + ".");
        }
        return Optional.empty();
    }

    /** True for {@code localhost}, {@code 127.0.0.0/8} and {@code ::1} (a host of a host:port or URL). */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            h = h.substring(1, h.indexOf(']') < 0 ? h.length() : h.indexOf(']'));
        } else if (h.indexOf(':') > 0 && h.indexOf(':') == h.lastIndexOf(':')) {
            h = h.substring(0, h.indexOf(':'));
        }
        if (h.equals("localhost") || h.endsWith(".localhost")) {
            return true;
        }
        if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}") || h.contains(":")) {
            try {
                return InetAddress.getByName(h).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /** The {@code host[:port]} of a URL, as a registry reference would write it. */
    public static String hostPort(URI uri) {
        return uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    }
}
