package io.whittle.connector;

import io.whittle.platform.connector.Connector;
import io.whittle.platform.secret.SecretValue;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An edit of a stored connector, made against the version that was read.
 *
 * @param settings       the plain settings after the edit (they replace the stored ones whole)
 * @param secrets        the secrets the user entered; a secret left empty keeps the stored one
 * @param clearedSecrets stored secrets to remove (say, access keys when switching an ECR connector to a role)
 * @param saveUnverified save even when the check fails
 */
public record ConnectorChange(long expectedVersion, Optional<String> name, SortedMap<String, String> settings,
                              SortedMap<String, SecretValue> secrets, SortedSet<String> clearedSecrets,
                              boolean saveUnverified) {
    public ConnectorChange {
        Objects.requireNonNull(name, "name");
        settings = Collections.unmodifiableSortedMap(new TreeMap<>(settings));
        SortedMap<String, SecretValue> given = new TreeMap<>();
        secrets.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                given.put(k, v);
            }
        });
        secrets = Collections.unmodifiableSortedMap(given);
        clearedSecrets = Collections.unmodifiableSortedSet(new TreeSet<>(clearedSecrets));
    }

    /** A change of {@code current} that changes nothing yet. */
    public static ConnectorChange of(Connector current) {
        return new ConnectorChange(current.version(), Optional.empty(), current.settings(), new TreeMap<>(),
                new TreeSet<>(), false);
    }

    public ConnectorChange rename(String newName) {
        return new ConnectorChange(expectedVersion, Optional.of(newName), settings, secrets, clearedSecrets,
                saveUnverified);
    }

    /** Sets a plain setting; a blank value removes it. */
    public ConnectorChange set(String key, String value) {
        SortedMap<String, String> s = new TreeMap<>(settings);
        if (value == null || value.isBlank()) {
            s.remove(key);
        } else {
            s.put(key, value);
        }
        return new ConnectorChange(expectedVersion, name, s, secrets, clearedSecrets, saveUnverified);
    }

    public ConnectorChange settings(Map<String, String> all) {
        return new ConnectorChange(expectedVersion, name, new TreeMap<>(all), secrets, clearedSecrets, saveUnverified);
    }

    /** Sets a secret; an empty value keeps the stored one. */
    public ConnectorChange secret(String key, SecretValue value) {
        SortedMap<String, SecretValue> s = new TreeMap<>(secrets);
        s.put(key, value);
        return new ConnectorChange(expectedVersion, name, settings, s, clearedSecrets, saveUnverified);
    }

    public ConnectorChange clear(String secretKey) {
        SortedSet<String> c = new TreeSet<>(clearedSecrets);
        c.add(secretKey);
        return new ConnectorChange(expectedVersion, name, settings, secrets, c, saveUnverified);
    }

    public ConnectorChange unverified() {
        return new ConnectorChange(expectedVersion, name, settings, secrets, clearedSecrets, true);
    }

    @Override
    public String toString() {
        return "ConnectorChange[v" + expectedVersion + ", settings=" + settings + ", secrets=" + secrets.keySet()
                + ", cleared=" + clearedSecrets + "]";
    }
}
