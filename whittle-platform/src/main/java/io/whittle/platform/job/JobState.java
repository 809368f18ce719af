package io.whittle.platform.job;

import java.util.Locale;

/** Where a job is in its life: queued, running, then exactly one of the three final states. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** True for the final states, which never change again. */
    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** The lowercase name stored in the database and shown in the API. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static JobState fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
