package io.whittle.platform.job;

import java.util.Optional;

/** How a run ended, before the store applies it: a result, or a one-sentence error. */
record Outcome(JobState state, Optional<String> result, Optional<String> error) {
    static Outcome succeeded(String result) {
        return new Outcome(JobState.SUCCEEDED, Optional.of(result), Optional.empty());
    }

    static Outcome failed(String error) {
        return new Outcome(JobState.FAILED, Optional.empty(), Optional.of(error));
    }
}
