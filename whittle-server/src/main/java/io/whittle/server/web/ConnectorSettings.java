package io.whittle.server.web;

import io.whittle.connector.Choice;
import io.whittle.connector.Field;
import io.whittle.connector.FieldKind;
import io.whittle.connector.FieldValues;
import io.whittle.connector.Form;
import io.whittle.platform.connector.Connector;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A connector's settings as its page lists them: under the labels of the provider's form (a choice by its label, a
 * switch as on or off, several lines by their count), in the form's order, without what the page already says
 * (the registry host), and its secrets by label only. A key the form does not know is listed as it is.
 */
public final class ConnectorSettings {
    /** One line of the list; {@code code} shows the value as code (an address, a name), not as words. */
    public record Setting(String label, String value, boolean code) {
    }

    private ConnectorSettings() {
    }

    static List<Setting> of(Connector c, Optional<Form> form) {
        Map<String, String> settings = c.settings();
        List<Setting> out = new ArrayList<>();
        Set<String> listed = new java.util.HashSet<>();
        if (form.isPresent()) {
            FieldValues values = FieldValues.of(settings, Map.of());
            for (Field f : form.get().fields()) {
                if (f.secret() || !settings.containsKey(f.key()) || !form.get().shown(f, values)) {
                    continue;
                }
                listed.add(f.key());
                setting(f.label(), f, settings.get(f.key()), c.registryHost()).ifPresent(out::add);
            }
        }
        settings.keySet().stream().sorted().filter(k -> !listed.contains(k)).forEach(k ->
                setting(k, null, settings.get(k), c.registryHost()).ifPresent(out::add));
        return out;
    }

    /** The labels of the connector's stored secrets (their values never leave the store). */
    static List<String> secrets(Connector c, Optional<Form> form) {
        return c.secretFields().stream().sorted().map(k -> form.flatMap(f -> f.field(k)).map(Field::label).orElse(k))
                .toList();
    }

    private static Optional<Setting> setting(String label, Field f, String value, String registryHost) {
        if (value == null || value.isBlank() || sameHost(value, registryHost)) {
            return Optional.empty(); // the registry host has its own line
        }
        FieldKind kind = f == null ? FieldKind.TEXT : f.kind();
        return Optional.of(switch (kind) {
            case CHOICE -> new Setting(label, f.choices().stream().filter(ch -> ch.value().equals(value))
                    .map(Choice::label).findFirst().orElse(value), false);
            case SWITCH -> new Setting(label, Boolean.parseBoolean(value.strip()) ? "on" : "off", false);
            case MULTILINE_TEXT -> new Setting(label, "entered (" + value.strip().lines().count() + " lines)", false);
            default -> new Setting(label, value, true);
        });
    }

    private static boolean sameHost(String value, String registryHost) {
        String v = value.strip().toLowerCase(Locale.ROOT).replaceFirst("^https?://", "");
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v.equals(registryHost.toLowerCase(Locale.ROOT));
    }
}
