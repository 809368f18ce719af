package io.whittle.platform.job;

/** What a worker that picked a job's execution may do with it. */
sealed interface Claim {
    /** Run the job: it is now RUNNING under {@code attempt}. */
    record Run(JobRow row, int attempt) implements Claim {
    }

    /** Cancellation was asked for before this start: the job is now CANCELLED without running. */
    record Cancelled(JobRow row) implements Claim {
    }

    /** Nothing to do: the job finished already (its execution outlived it) or no longer exists. */
    record Skip() implements Claim {
    }
}
