package io.whittle.platform.connector;

import io.whittle.platform.secret.SecretValue;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * A connector to be created: provider, name, the registry host its credentials are for, non-secret
 * settings, secrets, and the outcome of the check made before saving. Secret fields given empty are
 * dropped (not stored). Prints secrets as {@code ****}.
 */
public record ConnectorDraft(String provider, String name, String registryHost, SortedMap<String, String> settings,
                             SortedMap<String, SecretValue> secrets, ConnectorState state) {
    public ConnectorDraft {
        provider = Fields.provider(provider);
        name = Fields.name(name);
        registryHost = Fields.host(registryHost);
        settings = Fields.settings(settings);
        secrets = Fields.secrets(secrets);
        Objects.requireNonNull(state, "state");
        Fields.disjoint(settings.keySet(), secrets.keySet());
    }

    public static ConnectorDraft of(String provider, String name, String registryHost, Map<String, String> settings,
                                    Map<String, SecretValue> secrets, ConnectorState state) {
        return new ConnectorDraft(provider, name, registryHost, Fields.settings(settings), Fields.secrets(secrets),
                state);
    }
}
