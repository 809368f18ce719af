package io.whittle.connector;

/** How a form field is entered and kept. */
public enum FieldKind {
    /** One line of text, stored as a plain setting. */
    TEXT,
    /** One line (a password, a token), hidden while typed, stored encrypted, never shown again. */
    SECRET,
    /** Several lines (a JSON key, a CA certificate that is secret), stored encrypted, never shown again. */
    MULTILINE_SECRET,
    /** Several lines that are not secret (a CA certificate), stored as a plain setting. */
    MULTILINE_TEXT,
    /** One of a fixed set of values. */
    CHOICE,
    /** On or off ({@code true} / {@code false}). */
    SWITCH;

    /** True for the kinds stored encrypted and never returned. */
    public boolean secret() {
        return this == SECRET || this == MULTILINE_SECRET;
    }
}
