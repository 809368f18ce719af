package io.whittle.connector;

import io.whittle.platform.secret.SecretValue;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a user entered in a provider's form: plain settings and secrets (kept as {@link SecretValue}, which prints as
 * {@code ****}). Blank values count as not given. Prints setting names and values, secret names only.
 */
public record FieldValues(SortedMap<String, String> settings, SortedMap<String, SecretValue> secrets) {
    public FieldValues {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(secrets, "secrets");
        SortedMap<String, String> s = new TreeMap<>();
        settings.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                s.put(k, v);
            }
        });
        SortedMap<String, SecretValue> x = new TreeMap<>();
        secrets.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                x.put(k, v);
            }
        });
        settings = Collections.unmodifiableSortedMap(s);
        secrets = Collections.unmodifiableSortedMap(x);
    }

    public static FieldValues of(Map<String, String> settings, Map<String, SecretValue> secrets) {
        return new FieldValues(new TreeMap<>(settings), new TreeMap<>(secrets));
    }

    public static FieldValues empty() {
        return of(Map.of(), Map.of());
    }

    /** A setting, stripped; empty when not given. */
    public Optional<String> text(String key) {
        return Optional.ofNullable(settings.get(key)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** A setting, or {@code fallback} when not given. */
    public String text(String key, String fallback) {
        return text(key).orElse(fallback);
    }

    /** A switch: true only for {@code true}, {@code yes} or {@code on}. */
    public boolean isOn(String key) {
        return text(key).map(v -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on"))
                .orElse(false);
    }

    public Optional<SecretValue> secret(String key) {
        return Optional.ofNullable(secrets.get(key));
    }

    /** A secret that the form required; the form's validation has made sure it is there. */
    public SecretValue requireSecret(String key) {
        SecretValue v = secrets.get(key);
        if (v == null) {
            throw new IllegalStateException("the secret '" + key + "' was not given; validate the form first");
        }
        return v;
    }

    /** True when {@code key} was given, as a setting or a secret. */
    public boolean has(String key) {
        return text(key).isPresent() || secrets.containsKey(key);
    }

    /** These values with {@code key} set (or removed when {@code value} is blank). */
    public FieldValues withSetting(String key, String value) {
        SortedMap<String, String> s = new TreeMap<>(settings);
        s.put(key, value);
        return new FieldValues(s, secrets);
    }

    @Override
    public String toString() {
        return "FieldValues[settings=" + settings + ", secrets=" + secrets.keySet() + "]";
    }
}
