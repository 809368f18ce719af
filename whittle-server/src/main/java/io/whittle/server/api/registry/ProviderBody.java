package io.whittle.server.api.registry;

import io.whittle.connector.Choice;
import io.whittle.connector.Field;
import io.whittle.connector.FieldKind;
import io.whittle.connector.Instructions;
import io.whittle.connector.Provider;
import java.util.List;
import java.util.Optional;

/**
 * A provider as forms show it: its fields in display order and how to obtain what they ask for. The same data
 * {@code whittle providers -o json} prints; {@code defaultValue} is that document's {@code default}.
 */
public record ProviderBody(String id, String name, List<ProviderField> fields, ProviderInstructions instructions) {

    /**
     * One form field. Secret fields ({@code secret}, {@code multiline-secret}) go in a connector's {@code secrets},
     * the others in its {@code settings}.
     *
     * @param shownWhen shown (and required) only when another field has one of some values
     * @param advanced  hidden behind "advanced" in forms
     */
    public record ProviderField(String key, String label, FieldKind kind, boolean required, boolean advanced,
                                String help, Optional<String> defaultValue, List<ProviderChoice> choices,
                                Optional<FieldCondition> shownWhen) {
    }

    /** One option of a {@code choice} field. */
    public record ProviderChoice(String value, String label, boolean deprecated) {
    }

    /** The field {@code field} must have one of {@code values} for the field to be shown. */
    public record FieldCondition(String field, List<String> values) {
    }

    /** How to get the credentials: a summary, numbered steps and notes, one sentence or two each. */
    public record ProviderInstructions(String summary, List<String> steps, List<String> notes) {
    }

    static ProviderBody of(Provider p) {
        Instructions i = p.instructions();
        return new ProviderBody(p.id(), p.displayName(), p.form().fields().stream().map(ProviderBody::field).toList(),
                new ProviderInstructions(i.summary(), i.steps(), i.notes()));
    }

    private static ProviderField field(Field f) {
        return new ProviderField(f.key(), f.label(), f.kind(), f.required(), f.advanced(), f.help(), f.defaultValue(),
                f.choices().stream().map(ProviderBody::choice).toList(),
                f.shownWhen().map(c -> new FieldCondition(c.key(), c.values().stream().sorted().toList())));
    }

    private static ProviderChoice choice(Choice c) {
        return new ProviderChoice(c.value(), c.label(), c.deprecated());
    }
}
