package io.whittle.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.cli.Sizes;
import java.io.PrintWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server job's progress on stderr, as the local copy shows its own: on a terminal one line redrawn in place with
 * the share done, bytes and blobs; otherwise a line when the job starts, at every quarter, and when it ends.
 */
abstract class JobProgress implements AutoCloseable {
    /**
     * Byte counts in a job's message, wherever they stand: the copy's {@code 1048576 of 4194304 bytes, 1 of 3 blobs},
     * the X-ray's {@code 2 of 5 layers, 1048576 of 4194304 bytes, packages}.
     */
    private static final Pattern BYTES = Pattern.compile("(.*?)(\\d+) of (\\d+) bytes(.*)");

    /** Shows the job as just read. */
    abstract void show(JsonNode job);

    @Override
    public abstract void close();

    static JobProgress silent() {
        return new JobProgress() {
            @Override
            void show(JsonNode job) {
            }

            @Override
            public void close() {
            }
        };
    }

    static JobProgress on(PrintWriter err, boolean terminal) {
        return terminal ? new Redrawn(err) : new Lines(err);
    }

    /** The progress message with sizes for people: {@code 1.0 MB of 4.2 MB, 1 of 3 blobs}. */
    static String message(JsonNode job) {
        String m = job.path("progress").path("message").asText("");
        Matcher b = BYTES.matcher(m);
        return b.matches() ? b.group(1) + Sizes.human(Long.parseLong(b.group(2))) + " of "
                + Sizes.human(Long.parseLong(b.group(3))) + b.group(4) : m;
    }

    private static String line(JsonNode job) {
        String state = job.path("state").asText();
        String m = message(job);
        return "job " + job.path("id").asText() + "  " + state
                + (state.equals("running") || state.equals("succeeded")
                ? String.format("  %3d%%", job.path("progress").path("percent").asInt()) : "")
                + (m.isBlank() ? "" : "  " + m);
    }

    private static final class Redrawn extends JobProgress {
        private final PrintWriter err;
        private boolean drawn;

        Redrawn(PrintWriter err) {
            this.err = err;
        }

        @Override
        void show(JsonNode job) {
            err.print("\r\u001b[K" + line(job));
            err.flush();
            drawn = true;
        }

        @Override
        public void close() {
            if (drawn) {
                err.println();
                err.flush();
            }
        }
    }

    private static final class Lines extends JobProgress {
        private final PrintWriter err;
        private String state = "";
        private int quarter = -1;

        Lines(PrintWriter err) {
            this.err = err;
        }

        @Override
        void show(JsonNode job) {
            String s = job.path("state").asText();
            int q = job.path("progress").path("percent").asInt() / 25;
            if (!s.equals(state) || (s.equals("running") && q > quarter)) {
                state = s;
                quarter = q;
                err.println(line(job));
                err.flush();
            }
        }

        @Override
        public void close() {
            err.flush();
        }
    }
}
