package io.whittle.server.api.registry;

import io.whittle.connector.ConnectorChange;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.secret.SecretValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A change of a connector, as {@code whittle connector edit} makes it: only what is given changes. A setting given
 * as {@code null} or empty is removed; a secret left empty keeps the stored one; {@code clearSecrets} removes stored
 * secrets. Changing where the credentials go (registry host, URL, CA, plain http) requires every secret again. The
 * connector is checked again and nothing is saved when the check fails, unless {@code verify} is false (or
 * {@code ?verify=false}).
 *
 * @param version the connector's {@code version} as read: the change is refused (409) if it changed since
 */
public record ConnectorChangeBody(Optional<String> name, Optional<Map<String, String>> settings,
                                  Optional<Map<String, SecretValue>> secrets, Optional<List<String>> clearSecrets,
                                  Optional<Long> version, Optional<Boolean> verify) {
    public ConnectorChangeBody {
        name = name == null ? Optional.empty() : name;
        settings = settings == null ? Optional.empty() : settings;
        secrets = secrets == null ? Optional.empty() : secrets;
        clearSecrets = clearSecrets == null ? Optional.empty() : clearSecrets;
        version = version == null ? Optional.empty() : version;
        verify = verify == null ? Optional.empty() : verify;
    }

    ConnectorChange change(Connector current, boolean saveUnverified) {
        SortedMap<String, String> after = new TreeMap<>(current.settings());
        settings.orElse(Map.of()).forEach((k, v) -> {
            if (v == null || v.isBlank()) {
                after.remove(k);
            } else {
                after.put(k, v);
            }
        });
        SortedMap<String, SecretValue> given = new TreeMap<>();
        secrets.orElse(Map.of()).forEach((k, v) -> {
            if (k != null && v != null) {
                given.put(k, v);
            }
        });
        TreeSet<String> cleared = new TreeSet<>();
        clearSecrets.orElse(List.of()).forEach(k -> {
            if (k != null && !k.isBlank()) {
                cleared.add(k.strip());
            }
        });
        return new ConnectorChange(version.orElse(current.version()), name.filter(n -> !n.isBlank()), after, given,
                cleared, saveUnverified);
    }

    @Override
    public String toString() {
        return "ConnectorChangeBody[" + name + ", settings=" + settings.orElse(Map.of()) + ", secrets="
                + secrets.orElse(Map.of()).keySet() + ", clear=" + clearSecrets.orElse(List.of()) + "]";
    }
}
