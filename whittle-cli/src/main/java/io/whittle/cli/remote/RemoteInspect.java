package io.whittle.cli.remote;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.cli.ExitCode;
import io.whittle.cli.Io;
import io.whittle.cli.JsonOutput;
import io.whittle.cli.inspect.InspectionText;
import io.whittle.oci.ImageReference;
import io.whittle.oci.Platform;
import io.whittle.platform.connector.Connector;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code whittle inspect REF} against a server: the server reads the image through one of its connectors and
 * answers the {@code -o json} document, which is printed as it is or rendered as text by the same code as locally.
 */
public final class RemoteInspect {
    private final RemoteConnectors connectors;
    private final Io io;
    private final boolean json;

    public RemoteInspect(RemoteConnectors connectors, Io io, boolean json) {
        this.connectors = Objects.requireNonNull(connectors, "connectors");
        this.io = Objects.requireNonNull(io, "io");
        this.json = json;
    }

    /**
     * @param connector the connector named with {@code --connector}; without it, the server's connector for the
     *                  reference's registry host
     * @param raw       print the manifest's bytes exactly as stored
     */
    public int run(ImageReference reference, Optional<String> connector, Optional<Platform> platform, boolean raw)
            throws IOException {
        Connector c = connectors.pick(reference.registry(), connector);
        if (raw) {
            ServerApi.Raw manifest = connectors.manifest(c.id(), reference.toString(), platform);
            io.out().flush();
            io.stdout().write(manifest.bytes());
            io.stdout().flush();
            return ExitCode.OK;
        }
        ObjectNode document = connectors.inspect(c.id(), reference.toString(), platform);
        if (json) {
            JsonOutput.print(io.out(), document);
        } else {
            InspectionText.write(document, io.out());
        }
        return ExitCode.OK;
    }
}
