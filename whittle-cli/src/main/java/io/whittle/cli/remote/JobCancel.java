package io.whittle.cli.remote;

import java.io.IOException;

/**
 * Cancels a server job when the CLI is interrupted (Ctrl-C) before the job ended, by a shutdown hook that posts
 * to the job's cancel route; once closed (the job ended, or the CLI stopped waiting for another reason) it does
 * nothing.
 */
final class JobCancel implements AutoCloseable {
    private final Thread hook;

    /** @param cancelPath the job's cancel route, e.g. {@code /api/v1/jobs/ID/cancel} */
    JobCancel(ServerApi api, String cancelPath) {
        hook = new Thread(() -> {
            try {
                api.post(cancelPath);
            } catch (IOException | RuntimeException e) {
                // the CLI is exiting; the job may then run to its end on the server
            }
        }, "whittle-cancel-job");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs and cancels the job
        }
    }
}
