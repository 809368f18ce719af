package io.whittle.cli;

import io.whittle.cli.progress.CopyTally;
import io.whittle.cli.progress.ProgressDisplay;
import io.whittle.oci.transfer.CopyOptions;
import io.whittle.oci.transfer.CopyResult;
import io.whittle.oci.transfer.CopyResultJson;
import io.whittle.oci.transfer.ImageCopier;
import io.whittle.oci.transfer.PlatformChoice;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code whittle copy SRC DST}: an image or index, byte for byte, between registries and OCI layouts. */
final class CopyCommand implements Callable<Integer>, Modelled {
    private Whittle whittle;
    private CommandSpec spec;

    private String source;
    private String destination;
    private boolean allPlatforms;
    private int jobs;
    private String fromConnector;
    private String toConnector;

    @Override
    public CommandSpec model(Whittle parent) {
        whittle = parent;
        spec = Models.command(this, "copy",
                "Copy an image or an index between registries and OCI layouts, digests unchanged.",
                "Blobs the destination has are skipped; blobs in another repository of the same registry are mounted.",
                "From an index, the image for this machine's platform is copied unless --all-platforms or --platform"
                        + " says otherwise.");
        spec.addPositional(Models.parameter(0, "SRC", "A registry reference or oci:DIR[:TAG]."));
        spec.addPositional(Models.parameter(1, "DST", "A registry reference or oci:DIR[:TAG]."));
        spec.addOption(Models.flag("Copy a whole index: every platform, the index unchanged.", "-a", "--all-platforms"));
        spec.addOption(Models.option(int.class, "N", "Blobs copied at once (1-64, default: ${DEFAULT-VALUE}).", "-j",
                "--jobs").defaultValue(String.valueOf(CopyOptions.DEFAULT_PARALLELISM)).build());
        spec.addOption(Models.option(String.class, "ID", "Read SRC with this connector's credentials (it must be for"
                + " SRC's registry host).", "--from-connector").build());
        spec.addOption(Models.option(String.class, "ID", "Write DST with this connector's credentials (it must be for"
                + " DST's registry host).", "--to-connector").build());
        return spec;
    }

    private void read() {
        source = Models.parameter(spec, 0);
        destination = Models.parameter(spec, 1);
        allPlatforms = Models.flag(spec, "--all-platforms");
        jobs = Models.<Integer>value(spec, "--jobs");
        fromConnector = Models.value(spec, "--from-connector");
        toConnector = Models.value(spec, "--to-connector");
    }

    @Override
    public Integer call() throws IOException {
        read();
        Location from = Location.parse(source);
        Location to = Location.parse(destination);
        var platform = whittle.platform();
        if (allPlatforms && platform.isPresent()) {
            throw new UsageException("--all-platforms and --platform contradict each other: give one of them");
        }
        if (jobs < 1 || jobs > 64) {
            throw new UsageException("--jobs must be between 1 and 64, not " + jobs);
        }
        if (to.tagOrDigest().filter(io.whittle.oci.Digest::isDigest).isPresent()) {
            throw new UsageException("the destination '" + destination + "' names a digest: name a tag (or nothing, for an"
                    + " OCI layout) since the digest is the source's");
        }
        PlatformChoice choice = allPlatforms ? PlatformChoice.ALL
                : platform.<PlatformChoice>map(PlatformChoice::of).orElse(PlatformChoice.HOST);
        var server = whittle.server();
        if (server.isPresent()) { // a copy job between the server's connectors (see RemoteCopy)
            return new io.whittle.cli.remote.RemoteCopy(server.get(), whittle.io(), whittle.output()
                    == OutputFormat.JSON).run(source, destination, java.util.Optional.ofNullable(fromConnector),
                    java.util.Optional.ofNullable(toConnector), choice);
        }

        Io io = whittle.io();
        boolean json = whittle.output() == OutputFormat.JSON;
        Session session = whittle.session(from, to)
                .connector(from, java.util.Optional.ofNullable(fromConnector))
                .connector(to, java.util.Optional.ofNullable(toConnector));
        Session.Opened src = session.source(from);
        var target = session.target(to);
        CopyResult result;
        CopyTally tally;
        try (ProgressDisplay progress = json ? ProgressDisplay.silent() : ProgressDisplay.on(io.err(), io.terminal())) {
            ImageCopier copier = new ImageCopier(new CopyOptions(choice, jobs, progress, false));
            result = copier.copy(src.source(), src.tagOrDigest(), target, to.tagOrDigest());
            tally = progress.tally();
        }
        double seconds = tally.seconds();
        if (json) {
            JsonOutput.print(io.out(), CopyResultJson.of(from.toString(), to.toString(), choice.toString(), result,
                    seconds));
        } else {
            // Concatenated rather than printf'd: a Formatter's first use loads the locale data (milliseconds).
            io.out().println("Copied " + from + " to " + to);
            io.out().println("  digest   " + result.digest());
            io.out().println("  blobs    " + result.blobsCopied() + " copied (" + Sizes.human(result.bytesSent())
                    + "), " + result.blobsSkipped() + " already there, " + result.blobsMounted() + " mounted"
                    + (result.foreignSkipped() > 0 ? ", " + result.foreignSkipped() + " foreign layers left out"
                    : ""));
            io.out().println("  time     " + Sizes.seconds(seconds) + " s ("
                    + Sizes.human((long) (result.bytesSent() / Math.max(seconds, 0.001))) + "/s)");
        }
        return ExitCode.OK;
    }
}
