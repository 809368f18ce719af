package io.whittle.platform.account;

import java.util.Objects;
import java.util.UUID;

/** The identity of a local account: stable across renames, never shown as a secret. */
public record UserId(UUID value) {
    public UserId {
        Objects.requireNonNull(value, "value");
    }

    public static UserId random() {
        return new UserId(UUID.randomUUID());
    }

    /** Parses the textual form; a malformed value is a caller's mistake, reported as one sentence. */
    public static UserId parse(String text) {
        try {
            return new UserId(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a user id: use the id shown by the API.", e);
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
