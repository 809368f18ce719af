package io.whittle.connector;

import java.util.Objects;
import java.util.Optional;

/**
 * What is wrong, in one sentence, and the form field it concerns (so a form can show it next to that field);
 * no field when it concerns the connector as a whole.
 */
public record FieldProblem(Optional<String> field, String message) {
    public FieldProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    public static FieldProblem of(String field, String message) {
        return new FieldProblem(Optional.of(field), message);
    }

    public static FieldProblem general(String message) {
        return new FieldProblem(Optional.empty(), message);
    }
}
