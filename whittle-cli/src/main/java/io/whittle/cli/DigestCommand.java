package io.whittle.cli;

import io.whittle.cli.inspect.Inspector;
import io.whittle.oci.Json;
import io.whittle.oci.Manifest;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code whittle digest REF}: the digest of the manifest a reference names. */
@Command(name = "digest", mixinStandardHelpOptions = true, versionProvider = Whittle.VersionProvider.class,
        description = {
        "Print the digest of the manifest a reference names.",
        "For a multi-platform image that is the index's digest; with --platform, that platform's image's."})
final class DigestCommand implements Callable<Integer> {

    @ParentCommand
    Whittle whittle;

    @Parameters(paramLabel = "REF", description = "A registry reference or oci:DIR[:TAG].")
    String ref;

    @Option(names = "--connector", paramLabel = "ID",
            description = "Use this connector's credentials (it must be for the reference's registry host).")
    String connector;

    @Override
    public Integer call() throws IOException {
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
