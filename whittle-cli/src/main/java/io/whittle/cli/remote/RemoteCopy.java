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

        JsonNode job = RemoteJob.submit(connectors.api(), JOBS, body);
        JsonNode done;
        try (JobProgress progress = json ? JobProgress.silent() : JobProgress.on(io.err(), io.terminal())) {
            done = RemoteJob.follow(connectors.api(), job, progress, "copy");
        }
        print(from, to, choice, done.path("result"));
        return ExitCode.OK;
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

}
