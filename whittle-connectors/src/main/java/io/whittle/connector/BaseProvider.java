package io.whittle.connector;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What every provider declares the same way, given once: id, display name, form, instructions, the field naming the
 * registry host and the settings that decide where credentials go. Subclasses add how values become a connection.
 */
public abstract class BaseProvider implements Provider {
    private final String id;
    private final String displayName;
    private final Form form;
    private final Instructions instructions;
    private final String hostField;
    private final Set<String> destinationSettings;

    /**
     * @param hostField           the field holding the registry host, one of the destination settings
     * @param destinationSettings see {@link Provider#destinationSettings()}
     */
    protected BaseProvider(String id, String displayName, Form form, Instructions instructions, String hostField,
                           Set<String> destinationSettings) {
        this.id = Objects.requireNonNull(id, "id");
        this.displayName = Objects.requireNonNull(displayName, "displayName");
        this.form = Objects.requireNonNull(form, "form");
        this.instructions = Objects.requireNonNull(instructions, "instructions");
        this.hostField = Objects.requireNonNull(hostField, "hostField");
        this.destinationSettings = Set.copyOf(destinationSettings);
        if (!this.destinationSettings.contains(hostField)) {
            throw new IllegalArgumentException("the host field '" + hostField + "' of " + id + " must be a destination"
                    + " setting");
        }
        for (String key : this.destinationSettings) {
            if (form.field(key).isEmpty()) {
                throw new IllegalArgumentException("the destination setting '" + key + "' is not a field of " + id);
            }
        }
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final String displayName() {
        return displayName;
    }

    @Override
    public final Form form() {
        return form;
    }

    @Override
    public final Instructions instructions() {
        return instructions;
    }

    @Override
    public final Set<String> destinationSettings() {
        return destinationSettings;
    }

    /** The registry host the host field holds (as entered, else its default), as image references write it. */
    @Override
    public Optional<String> registryHost(FieldValues values) {
        return form.value(values, hostField).flatMap(Endpoints::registryHost);
    }
}
