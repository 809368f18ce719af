package io.whittle.platform.connector;

import io.whittle.platform.secret.SecretValue;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The validation shared by the connector records. Messages name fields, never secret values. */
final class Fields {
    private Fields() {
    }

    static final int NAME_MAX = 100;
    static final int SETTING_MAX = 65_536;

    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    private static final Pattern PROVIDER = Pattern.compile("[a-z][a-z0-9]{1,31}");
    private static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
    private static final Pattern HOST = Pattern.compile(
            "(?:" + LABEL + "(?:\\." + LABEL + ")*|\\[[0-9a-f:.]{2,45}])(?::[0-9]{1,5})?");

    static String provider(String provider) {
        Objects.requireNonNull(provider, "provider");
        if (!PROVIDER.matcher(provider).matches()) {
            throw new IllegalArgumentException("'" + provider + "' is not a provider id: use 2 to 32 lowercase "
                    + "letters and digits, such as ghcr or dockerhub.");
        }
        return provider;
    }

    static String name(String name) {
        Objects.requireNonNull(name, "name");
        String n = name.strip();
        if (n.isEmpty() || n.length() > NAME_MAX || n.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("A connector name must be 1 to " + NAME_MAX
                    + " printable characters: choose a name such as 'team registry'.");
        }
        return n;
    }

    /** A registry host as references name it ({@code ghcr.io}, {@code registry.local:5000}), in lowercase. */
    static String host(String host) {
        Objects.requireNonNull(host, "registryHost");
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.length() > 262 || !HOST.matcher(h).matches() || !validPort(h)) {
            throw new IllegalArgumentException("'" + host + "' is not a registry host: give a host name with an "
                    + "optional port, such as ghcr.io or registry.example.com:5000, without scheme or path.");
        }
        return h;
    }

    private static boolean validPort(String h) {
        int colon = h.lastIndexOf(':');
        if (colon < 0 || h.endsWith("]") || (h.startsWith("[") && colon < h.indexOf(']'))) {
            return true;
        }
        int port = Integer.parseInt(h.substring(colon + 1));
        return port >= 1 && port <= 65535;
    }

    static String field(String field) {
        Objects.requireNonNull(field, "field");
        if (!FIELD.matcher(field).matches()) {
            throw new IllegalArgumentException("'" + field + "' is not a field name: use up to 64 letters, digits, "
                    + "'_', '.' or '-', starting with a letter.");
        }
        return field;
    }

    static SortedMap<String, String> settings(Map<String, String> settings) {
        Objects.requireNonNull(settings, "settings");
        SortedMap<String, String> out = new TreeMap<>();
        settings.forEach((k, v) -> {
            Objects.requireNonNull(v, "setting " + k);
            if (v.length() > SETTING_MAX) {
                throw new IllegalArgumentException("The setting '" + k + "' is longer than " + SETTING_MAX
                        + " characters: shorten it.");
            }
            out.put(field(k), v);
        });
        return Collections.unmodifiableSortedMap(out);
    }

    /** The secrets with empty values dropped: an empty secret field means "not given". */
    static SortedMap<String, SecretValue> secrets(Map<String, SecretValue> secrets) {
        Objects.requireNonNull(secrets, "secrets");
        SortedMap<String, SecretValue> out = new TreeMap<>();
        secrets.forEach((k, v) -> {
            Objects.requireNonNull(v, "secret " + k);
            field(k);
            if (!v.isEmpty()) {
                if (v.reveal().length() > SETTING_MAX) {
                    throw new IllegalArgumentException("The secret '" + k + "' is longer than " + SETTING_MAX
                            + " characters: check that the right value was given.");
                }
                out.put(k, v);
            }
        });
        return Collections.unmodifiableSortedMap(out);
    }

    static SortedSet<String> names(Set<String> names) {
        Objects.requireNonNull(names, "names");
        SortedSet<String> out = new TreeSet<>();
        names.forEach(n -> out.add(field(n)));
        return Collections.unmodifiableSortedSet(out);
    }

    static void disjoint(Set<String> settings, Set<String> secrets) {
        for (String k : secrets) {
            if (settings.contains(k)) {
                throw new IllegalArgumentException("The field '" + k + "' is given both as a setting and as a "
                        + "secret: give it once, as the secret.");
            }
        }
    }
}
