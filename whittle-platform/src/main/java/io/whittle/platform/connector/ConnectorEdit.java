package io.whittle.platform.connector;

import io.whittle.platform.secret.SecretValue;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A change to a stored connector, made against the version that was read ({@code expectedVersion}).
 *
 * <p>{@code settings} replace the stored settings whole. {@code secrets} holds only the secret fields the
 * user filled in: a field left empty or absent keeps its stored secret; {@code clearedSecrets} removes
 * fields (say, an access key when switching to a role). {@code destinationSettings} names the settings
 * that decide where the credentials are sent (URL, CA, plain-http switch): changing the registry host or
 * any of those requires every stored secret again. Prints secrets as {@code ****}.
 */
public record ConnectorEdit(long expectedVersion, String name, String registryHost,
                            SortedMap<String, String> settings, SortedMap<String, SecretValue> secrets,
                            SortedSet<String> clearedSecrets, SortedSet<String> destinationSettings,
                            ConnectorState state) {
    public ConnectorEdit {
        name = Fields.name(name);
        registryHost = Fields.host(registryHost);
        settings = Fields.settings(settings);
        secrets = Fields.secrets(secrets);
        clearedSecrets = Fields.names(clearedSecrets);
        destinationSettings = Fields.names(destinationSettings);
        Objects.requireNonNull(state, "state");
        Fields.disjoint(settings.keySet(), secrets.keySet());
        for (String f : clearedSecrets) {
            if (secrets.containsKey(f)) {
                throw new IllegalArgumentException("The secret '" + f + "' is both given and cleared: do one or the other.");
            }
        }
    }

    /** An edit of {@code current} that changes nothing yet; use the {@code with…} methods. */
    public static ConnectorEdit of(Connector current) {
        return new ConnectorEdit(current.version(), current.name(), current.registryHost(), current.settings(),
                new TreeMap<>(), new TreeSet<>(), new TreeSet<>(), current.state());
    }

    public ConnectorEdit withName(String newName) {
        return new ConnectorEdit(expectedVersion, newName, registryHost, settings, secrets, clearedSecrets,
                destinationSettings, state);
    }

    public ConnectorEdit withRegistryHost(String newHost) {
        return new ConnectorEdit(expectedVersion, name, newHost, settings, secrets, clearedSecrets,
                destinationSettings, state);
    }

    public ConnectorEdit withSettings(Map<String, String> newSettings) {
        return new ConnectorEdit(expectedVersion, name, registryHost, Fields.settings(newSettings), secrets,
                clearedSecrets, destinationSettings, state);
    }

    /** Sets one secret; an empty value means "keep the stored one". */
    public ConnectorEdit withSecret(String field, SecretValue value) {
        Map<String, SecretValue> next = new TreeMap<>(secrets);
        next.put(field, value);
        return new ConnectorEdit(expectedVersion, name, registryHost, settings, Fields.secrets(next),
                clearedSecrets, destinationSettings, state);
    }

    /** Removes one stored secret field. */
    public ConnectorEdit withoutSecret(String field) {
        Set<String> next = new HashSet<>(clearedSecrets);
        next.add(field);
        return new ConnectorEdit(expectedVersion, name, registryHost, settings, secrets, Fields.names(next),
                destinationSettings, state);
    }

    public ConnectorEdit withDestinationSettings(Set<String> fields) {
        return new ConnectorEdit(expectedVersion, name, registryHost, settings, secrets, clearedSecrets,
                Fields.names(fields), state);
    }

    public ConnectorEdit withState(ConnectorState newState) {
        return new ConnectorEdit(expectedVersion, name, registryHost, settings, secrets, clearedSecrets,
                destinationSettings, newState);
    }
}
