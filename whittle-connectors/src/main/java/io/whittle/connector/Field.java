package io.whittle.connector;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One field of a provider's form.
 *
 * @param key          the name settings and secrets are stored under, e.g. {@code token}
 * @param label        what the form shows, e.g. "Personal access token"
 * @param kind         how it is entered and kept
 * @param required     whether it must be given (when it is shown at all)
 * @param help         one or two sentences under the field
 * @param choices      the options of a {@link FieldKind#CHOICE}; empty otherwise
 * @param defaultValue what an empty field means
 * @param shownWhen    shown (and required) only when another field has one of some values
 * @param advanced     hidden behind "advanced" in forms: endpoint overrides and rarely needed options
 * @param check        the field's own validation
 */
public record Field(String key, String label, FieldKind kind, boolean required, String help, List<Choice> choices,
                    Optional<String> defaultValue, Optional<Condition> shownWhen, boolean advanced, FieldCheck check) {

    /** Shown only when the field {@code key} has one of {@code values}. */
    public record Condition(String key, Set<String> values) {
        public Condition {
            Objects.requireNonNull(key, "key");
            values = Set.copyOf(values);
        }
    }

    public Field {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(help, "help");
        choices = List.copyOf(choices);
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(shownWhen, "shownWhen");
        Objects.requireNonNull(check, "check");
        if (!key.matches("[a-z][A-Za-z0-9]{0,40}")) {
            throw new IllegalArgumentException("a field key is a short camelCase word, not '" + key + "'");
        }
        if ((kind == FieldKind.CHOICE) == choices.isEmpty()) {
            throw new IllegalArgumentException("the field '" + key + "' needs choices exactly when it is a choice");
        }
    }

    public static Field of(String key, String label, FieldKind kind) {
        return new Field(key, label, kind, false, "", List.of(), Optional.empty(), Optional.empty(), false,
                FieldCheck.NONE);
    }

    public static Field text(String key, String label) {
        return of(key, label, FieldKind.TEXT);
    }

    public static Field secret(String key, String label) {
        return of(key, label, FieldKind.SECRET);
    }

    public static Field multilineSecret(String key, String label) {
        return of(key, label, FieldKind.MULTILINE_SECRET);
    }

    public static Field toggle(String key, String label) {
        return new Field(key, label, FieldKind.SWITCH, false, "", List.of(), Optional.of("false"), Optional.empty(),
                false, FieldCheck.NONE);
    }

    public static Field choice(String key, String label, String defaultValue, Choice... choices) {
        return new Field(key, label, FieldKind.CHOICE, false, "", List.of(choices), Optional.of(defaultValue),
                Optional.empty(), false, FieldCheck.NONE);
    }

    public Field asRequired() {
        return new Field(key, label, kind, true, help, choices, defaultValue, shownWhen, advanced, check);
    }

    public Field help(String text) {
        return new Field(key, label, kind, required, text, choices, defaultValue, shownWhen, advanced, check);
    }

    public Field defaultValue(String value) {
        return new Field(key, label, kind, required, help, choices, Optional.of(value), shownWhen, advanced, check);
    }

    public Field shownWhen(String otherKey, String... values) {
        return new Field(key, label, kind, required, help, choices, defaultValue,
                Optional.of(new Condition(otherKey, Set.of(values))), advanced, check);
    }

    public Field asAdvanced() {
        return new Field(key, label, kind, required, help, choices, defaultValue, shownWhen, true, check);
    }

    public Field check(FieldCheck c) {
        return new Field(key, label, kind, required, help, choices, defaultValue, shownWhen, advanced, c);
    }

    public boolean secret() {
        return kind.secret();
    }

    @Override
    public String toString() {
        return "Field[" + key + ", " + kind + (required ? ", required" : "") + "]";
    }
}
