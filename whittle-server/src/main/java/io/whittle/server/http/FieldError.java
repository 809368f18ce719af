package io.whittle.server.http;

import java.util.Objects;
import java.util.Optional;

/**
 * One problem with what the caller sent, in a 422 problem's {@code errors} list: the field it concerns (a JSON
 * property name, or a form field of a connector), none when it concerns the request as a whole.
 */
public record FieldError(Optional<String> field, String message) {
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    public static FieldError of(String field, String message) {
        return new FieldError(Optional.of(field), message);
    }
}
