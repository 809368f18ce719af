package io.whittle.connector;

import java.util.Optional;

/** A field's own validation: the problem with a value in one sentence, or empty when it is fine. */
@FunctionalInterface
public interface FieldCheck {
    FieldCheck NONE = value -> Optional.empty();

    /** The problem with {@code value} (never blank; secrets are passed revealed and must never be quoted back). */
    Optional<String> problem(String value);
}
