package io.whittle.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.cli.ExitCode;
import io.whittle.cli.Io;
import io.whittle.cli.JsonOutput;
import io.whittle.cli.Sizes;
import io.whittle.cli.UsageException;
import io.whittle.oci.ImageReference;
import io.whittle.oci.Json;
import io.whittle.oci.OciException;
import io.whittle.oci.Platform;
import io.whittle.oci.layout.LayoutReference;
import io.whittle.oci.transfer.PlatformChoice;
import io.whittle.platform.connector.Connector;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code whittle copy SRC DST} against a server: a {@code copy} job between two of its connectors, polled until it
 * ends, its progress shown on stderr, and its result (the document {@code whittle copy -o json} prints) printed as
 * the local copy prints its own. Interrupting the CLI cancels the job. The server cannot see this machine's files,
 * so OCI layout directories are refused.
 */
public final class RemoteCopy {
    private static final String JOBS = "/api/v1/jobs";
    private static final long POLL_MILLIS = 300;

    private final RemoteConnectors connectors;
    private final Io io;
    private final boolean json;

    public RemoteCopy(ServerApi api, Io io, boolean json) {
        this.connectors = new RemoteConnectors(api);
        this.io = Objects.requireNonNull(io, "io");
        this.json = json;
    }

    /**
     * @param source        SRC as given
     * @param destination   DST as given (a tag, already checked)
     * @param fromConnector {@code --from-connector}, else the server's connector for SRC's registry host
     * @param toConnector   {@code --to-connector}, else the server's connector for DST's registry host
     * @param choice        what to take from an index
     */
    public int run(String source, String destination, Optional<String> fromConnector, Optional<String> toConnector,
                   PlatformChoice choice) throws IOException {
        ImageReference from = registryReference(source);
        ImageReference to = registryReference(destination);
        Connector reader = connectors.pick(from.registry(), fromConnector);
        Connector writer = connectors.pick(to.registry(), toConnector);
        ObjectNode parameters = Json.MAPPER.createObjectNode();
        parameters.putObject("source").put("connector", reader.id().toString()).put("reference", from.toString());
        parameters.putObject("target").put("connector", writer.id().toString()).put("reference", to.toString());
        parameters.put("platforms", platforms(choice));
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("kind", "copy");
        body.set("parameters", parameters);

        JsonNode job = submit(body);
        String id = job.path("id").asText();
        JsonNode done;
        try (JobProgress progress = json ? JobProgress.silent() : JobProgress.on(io.err(), io.terminal());
             Cancel cancel = new Cancel(connectors.api(), id)) {
            progress.show(job);
            done = poll(id, job, progress);
        }
        String state = done.path("state").asText();
        if (!state.equals("succeeded")) {
            String why = done.path("error").asText("");
            throw new IOException(state.equals("cancelled") && why.isBlank() ? "the copy was cancelled"
                    : why.isBlank() ? "the copy failed on the server (job " + id + ")" : why);
        }
        print(from, to, choice, done.path("result"));
        return ExitCode.OK;
    }

    private JsonNode submit(ObjectNode body) throws IOException {
        try {
            return connectors.api().post(JOBS, body);
        } catch (RemoteProblem p) {
            JsonNode first = p.body().path("errors").path(0).path("message");
            if (p.status() == 422 && first.isTextual()) {
                throw new UsageException(first.asText(), p);
            }
            throw p;
        }
    }

    private JsonNode poll(String id, JsonNode job, JobProgress progress) throws IOException {
        JsonNode current = job;
        while (!finished(current)) {
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the server copies (job " + id + ")");
            }
            current = connectors.api().get(JOBS + "/" + ServerApi.encode(id));
            progress.show(current);
        }
        return current;
    }

    private static boolean finished(JsonNode job) {
        String s = job.path("state").asText();
        return s.equals("succeeded") || s.equals("failed") || s.equals("cancelled");
    }

    /** The result as the local copy prints it: the ends as given here, the platform choice in its words. */
    private void print(ImageReference from, ImageReference to, PlatformChoice choice, JsonNode result) {
        if (json) {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("source", from.toString());
            n.put("destination", to.toString());
            n.set("digest", result.path("digest"));
            n.set("mediaType", result.path("mediaType"));
            n.put("platforms", choice.toString());
            n.set("blobs", result.path("blobs"));
            n.set("bytesSent", result.path("bytesSent"));
            n.set("manifestsWritten", result.path("manifestsWritten"));
            n.set("manifestsSkipped", result.path("manifestsSkipped"));
            n.set("seconds", result.path("seconds"));
            JsonOutput.print(io.out(), n);
            return;
        }
        JsonNode blobs = result.path("blobs");
        long bytesSent = result.path("bytesSent").asLong();
        double seconds = result.path("seconds").asDouble();
        long foreign = blobs.path("foreignSkipped").asLong();
        io.out().println("Copied " + from + " to " + to);
        io.out().println("  digest   " + result.path("digest").asText());
        io.out().println("  blobs    " + blobs.path("copied").asLong() + " copied (" + Sizes.human(bytesSent) + "), "
                + blobs.path("skipped").asLong() + " already there, " + blobs.path("mounted").asLong() + " mounted"
                + (foreign > 0 ? ", " + foreign + " foreign layers left out" : ""));
        io.out().println("  time     " + Sizes.seconds(seconds) + " s ("
                + Sizes.human((long) (bytesSent / Math.max(seconds, 0.001))) + "/s)");
    }

    /** The job's {@code platforms}: the server does not run on this machine, so the host platform is named. */
    static String platforms(PlatformChoice choice) {
        if (choice instanceof PlatformChoice.One one) {
            return one.platform().toString();
        }
        return choice instanceof PlatformChoice.Host ? Platform.host().toString() : "all";
    }

    private ImageReference registryReference(String given) {
        if (LayoutReference.isLayoutReference(given)) {
            throw new UsageException("'" + given + "' is a directory on this machine, which the server at "
                    + connectors.api().base() + " cannot reach: copy OCI layouts in local mode (after 'whittle logout'),"
                    + " or push the layout to a registry first");
        }
        try {
            return ImageReference.parse(given);
        } catch (OciException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /** Cancels the job when the CLI is interrupted (Ctrl-C) before it ended; does nothing once closed. */
    private static final class Cancel implements AutoCloseable {
        private final Thread hook;

        Cancel(ServerApi api, String id) {
            hook = new Thread(() -> {
                try {
                    api.post(JOBS + "/" + ServerApi.encode(id) + "/cancel");
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
}
