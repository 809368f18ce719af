package io.whittle.cli;

import io.whittle.cli.inspect.InspectionText;
import io.whittle.cli.remote.RemoteConnectors;
import io.whittle.cli.remote.RemoteInspect;
import io.whittle.oci.Manifest;
import io.whittle.oci.inspect.Inspection;
import io.whittle.oci.inspect.InspectionJson;
import io.whittle.oci.inspect.Inspector;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code whittle inspect REF}: the manifest or index, the config and the layers of an image. */
final class InspectCommand implements Callable<Integer>, Modelled {
    private Whittle whittle;
    private CommandSpec spec;

    private String ref;
    private boolean raw;
    private String connector;

    @Override
    public CommandSpec model(Whittle parent) {
        whittle = parent;
        spec = Models.command(this, "inspect",
                "Show an image's manifest, config and layers, or an index's platforms.",
                "The config part shows entrypoint, cmd, env, user, ports, labels, created and history.",
                "Given an index, --platform shows the image for that platform instead.");
        spec.addPositional(Models.parameter(0, "REF", "A registry reference (host/repo:tag, host/repo@sha256:…) or"
                + " oci:DIR[:TAG]."));
        spec.addOption(Models.flag("Print the manifest's bytes exactly as stored.", "--raw"));
        spec.addOption(Models.option(String.class, "ID", "Use this connector's credentials (it must be for the"
                + " reference's registry host).", "--connector").build());
        return spec;
    }

    private void read() {
        ref = Models.parameter(spec, 0);
        raw = Models.flag(spec, "--raw");
        connector = Models.value(spec, "--connector");
    }

    @Override
    public Integer call() throws IOException {
        read();
        Location location = Location.parse(ref);
        var platform = whittle.platform();
        if (location instanceof Location.Remote r) {
            var server = whittle.server();
            if (server.isPresent()) {
                // Registry images through the server's connectors; oci: layouts are files here and stay local.
                return new RemoteInspect(new RemoteConnectors(server.get()), whittle.io(),
                        whittle.output() == OutputFormat.JSON).run(r.reference(), Optional.ofNullable(connector),
                        platform, raw);
            }
        }
        Session.Opened opened = whittle.session(location).connector(location, Optional.ofNullable(connector))
                .source(location);
        Io io = whittle.io();
        if (raw) {
            Manifest m = Inspector.manifest(opened.source(), opened.tagOrDigest(), platform);
            io.out().flush();
            io.stdout().write(m.raw());
            io.stdout().flush();
            return ExitCode.OK;
        }
        Inspection inspection = Inspector.inspect(opened.source(), location.toString(), opened.tagOrDigest(), platform);
        var document = InspectionJson.of(inspection);
        if (whittle.output() == OutputFormat.JSON) {
            JsonOutput.print(io.out(), document);
        } else {
            InspectionText.write(document, io.out());
        }
        return ExitCode.OK;
    }
}
