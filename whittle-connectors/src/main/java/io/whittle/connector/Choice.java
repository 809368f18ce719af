package io.whittle.connector;

import java.util.Objects;

/**
 * One option of a {@link FieldKind#CHOICE} field.
 *
 * @param value      what is stored
 * @param label      what the user reads
 * @param deprecated true for an option kept for old setups and not recommended
 */
public record Choice(String value, String label, boolean deprecated) {
    public Choice {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(label, "label");
    }

    public static Choice of(String value, String label) {
        return new Choice(value, label, false);
    }

    public static Choice deprecated(String value, String label) {
        return new Choice(value, label, true);
    }
}
