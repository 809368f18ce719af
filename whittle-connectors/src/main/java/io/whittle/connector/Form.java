package io.whittle.connector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A provider's form: its fields in display order, and the validation of what was entered. */
public record Form(List<Field> fields) {
    public Form {
        fields = List.copyOf(fields);
        Map<String, Field> seen = new LinkedHashMap<>();
        for (Field f : fields) {
            if (seen.put(f.key(), f) != null) {
                throw new IllegalArgumentException("the form has two fields named '" + f.key() + "'");
            }
        }
        for (Field f : fields) {
            f.shownWhen().ifPresent(c -> {
                if (!seen.containsKey(c.key())) {
                    throw new IllegalArgumentException("the field '" + f.key() + "' depends on an unknown field '"
                            + c.key() + "'");
                }
            });
        }
    }

    public static Form of(Field... fields) {
        return new Form(List.of(fields));
    }

    public Optional<Field> field(String key) {
        return fields.stream().filter(f -> f.key().equals(key)).findFirst();
    }

    /** The keys of the secret fields. */
    public Set<String> secretKeys() {
        Set<String> out = new TreeSet<>();
        fields.stream().filter(Field::secret).forEach(f -> out.add(f.key()));
        return out;
    }

    /** The value a field has: what was entered, else its default. */
    public Optional<String> value(FieldValues values, String key) {
        Optional<String> given = values.text(key);
        return given.isPresent() ? given : field(key).flatMap(Field::defaultValue);
    }

    /** Whether a field is shown for these values (fields without a condition always are). */
    public boolean shown(Field f, FieldValues values) {
        if (f.shownWhen().isEmpty()) {
            return true;
        }
        Field.Condition c = f.shownWhen().get();
        return value(values, c.key()).map(c.values()::contains).orElse(false);
    }

    /**
     * Every problem with the values, one per field at most: unknown fields, secrets given as settings (or the
     * reverse), missing required fields, invalid choices and switches, and each field's own check. Values of fields
     * that are not shown are ignored.
     */
    public List<FieldProblem> validate(FieldValues values) {
        List<FieldProblem> problems = new ArrayList<>();
        Set<String> known = new TreeSet<>();
        fields.forEach(f -> known.add(f.key()));
        for (String k : values.settings().keySet()) {
            if (!known.contains(k)) {
                problems.add(FieldProblem.of(k, "There is no field '" + k + "' for this provider: use "
                        + String.join(", ", known) + "."));
            } else if (field(k).orElseThrow().secret()) {
                problems.add(FieldProblem.of(k, "The field '" + k + "' is a secret: give it as a secret, not as a"
                        + " plain setting, so that it is stored encrypted."));
            }
        }
        for (String k : values.secrets().keySet()) {
            if (!known.contains(k)) {
                problems.add(FieldProblem.of(k, "There is no secret field '" + k + "' for this provider: use "
                        + String.join(", ", secretKeys()) + "."));
            } else if (!field(k).orElseThrow().secret()) {
                problems.add(FieldProblem.of(k, "The field '" + k + "' is not a secret: give it as a plain setting."));
            }
        }
        for (Field f : fields) {
            if (!shown(f, values)) {
                continue;
            }
            Optional<String> raw = f.secret() ? values.secret(f.key()).map(s -> s.reveal().strip())
                    .filter(s -> !s.isEmpty()) : values.text(f.key());
            if (raw.isEmpty()) {
                if (f.required()) {
                    problems.add(FieldProblem.of(f.key(), f.label() + " is required."));
                }
                continue;
            }
            String v = raw.get();
            if (f.kind() == FieldKind.CHOICE && f.choices().stream().noneMatch(c -> c.value().equals(v))) {
                problems.add(FieldProblem.of(f.key(), f.label() + " must be one of "
                        + String.join(", ", f.choices().stream().map(Choice::value).toList()) + ", not '" + v + "'."));
                continue;
            }
            if (f.kind() == FieldKind.SWITCH && !v.matches("(?i)true|false|yes|no|on|off")) {
                problems.add(FieldProblem.of(f.key(), f.label() + " is a switch: give true or false."));
                continue;
            }
            f.check().problem(v).ifPresent(p -> problems.add(FieldProblem.of(f.key(), p)));
        }
        return problems;
    }
}
