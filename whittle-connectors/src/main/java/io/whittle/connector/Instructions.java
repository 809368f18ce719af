package io.whittle.connector;

import java.util.List;
import java.util.Objects;

/**
 * How to obtain what a provider's form asks for, in our own words: a summary, numbered steps (which token, which
 * scopes or permissions, where in the provider's console) and notes (what a choice implies).
 */
public record Instructions(String summary, List<String> steps, List<String> notes) {
    public Instructions {
        Objects.requireNonNull(summary, "summary");
        steps = List.copyOf(steps);
        notes = List.copyOf(notes);
    }
}
