package io.whittle.cli;

import io.whittle.oci.Json;
import io.whittle.oci.Manifest;
import io.whittle.oci.inspect.Inspector;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code whittle digest REF}: the digest of the manifest a reference names. */
final class DigestCommand implements Callable<Integer>, Modelled {
    private Whittle whittle;
    private CommandSpec spec;

    private String ref;
    private String connector;

    @Override
    public CommandSpec model(Whittle parent) {
        whittle = parent;
        spec = Models.command(this, "digest",
                "Print the digest of the manifest a reference names.",
                "For a multi-platform image that is the index's digest; with --platform, that platform's image's.");
        spec.addPositional(Models.parameter(0, "REF", "A registry reference or oci:DIR[:TAG]."));
        spec.addOption(Models.option(String.class, "ID", "Use this connector's credentials (it must be for the"
                + " reference's registry host).", "--connector").build());
        return spec;
    }

    private void read() {
        ref = Models.parameter(spec, 0);
        connector = Models.value(spec, "--connector");
    }

    @Override
    public Integer call() throws IOException {
        read();
        Location location = Location.parse(ref);
        var platform = whittle.platform();
        Session.Opened opened = whittle.session(location).connector(location, Optional.ofNullable(connector))
                .source(location);
        Manifest m = Inspector.manifest(opened.source(), opened.tagOrDigest(), platform);
        Io io = whittle.io();
        if (whittle.output() == OutputFormat.JSON) {
            var n = Json.MAPPER.createObjectNode();
            n.put("reference", location.toString());
            n.put("digest", m.digest().toString());
            n.put("mediaType", m.mediaType());
            JsonOutput.print(io.out(), n);
        } else {
            io.out().println(m.digest());
        }
        return ExitCode.OK;
    }
}
