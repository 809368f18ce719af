package io.whittle.platform.job;

import java.util.Objects;
import java.util.UUID;

/** The id of a job: random, so that ids of other organizations' jobs cannot be guessed from one's own. */
public record JobId(UUID value) {
    public JobId {
        Objects.requireNonNull(value, "job id");
    }

    public static JobId random() {
        return new JobId(UUID.randomUUID());
    }

    public static JobId parse(String text) {
        try {
            return new JobId(UUID.fromString(text));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + text + "' is not a job id: expected a UUID such as "
                    + "3f2b8c1e-7d4a-4f6b-9c2e-1a5d8e0b7c94.");
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
