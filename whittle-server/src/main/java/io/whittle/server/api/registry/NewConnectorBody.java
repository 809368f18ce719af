package io.whittle.server.api.registry;

import io.whittle.connector.FieldValues;
import io.whittle.connector.NewConnector;
import io.whittle.platform.secret.SecretValue;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A connector to add: the provider's id, a name of the user's own, the form's plain settings and its secrets (write
 * only: they are stored encrypted and never returned). It is checked before it is saved and nothing is saved when the
 * check fails, unless {@code verify} is false (or the request says {@code ?verify=false}): it is then saved
 * unverified, with the reason.
 */
public record NewConnectorBody(String provider, String name, Optional<Map<String, String>> settings,
                               Optional<Map<String, SecretValue>> secrets, Optional<Boolean> verify) {
    public NewConnectorBody {
        settings = settings == null ? Optional.empty() : settings;
        secrets = secrets == null ? Optional.empty() : secrets;
        verify = verify == null ? Optional.empty() : verify;
    }

    NewConnector request(boolean saveUnverified) {
        // Null values (JSON null) count as not given, as blank ones do.
        Map<String, String> s = new TreeMap<>();
        settings.orElse(Map.of()).forEach((k, v) -> {
            if (k != null && v != null) {
                s.put(k, v);
            }
        });
        Map<String, SecretValue> x = new TreeMap<>();
        secrets.orElse(Map.of()).forEach((k, v) -> {
            if (k != null && v != null) {
                x.put(k, v);
            }
        });
        return new NewConnector(provider.strip(), name, FieldValues.of(s, x), saveUnverified);
    }

    @Override
    public String toString() {
        return "NewConnectorBody[" + provider + ", " + name + ", settings=" + settings.orElse(Map.of()) + ", secrets="
                + secrets.orElse(Map.of()).keySet() + "]";
    }
}
