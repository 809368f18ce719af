package io.whittle.cli;

import io.whittle.oci.Json;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code whittle tags REPO}: the tags of a repository, or of an OCI layout directory. */
final class TagsCommand implements Callable<Integer>, Modelled {
    private Whittle whittle;
    private CommandSpec spec;

    private String repo;
    private String connector;

    @Override
    public CommandSpec model(Whittle parent) {
        whittle = parent;
        spec = Models.command(this, "tags",
                "List the tags of a repository (host/repo) or of an OCI layout (oci:DIR).");
        spec.addPositional(Models.parameter(0, "REPO", "A repository such as 127.0.0.1:5000/team/app, or oci:DIR."));
        spec.addOption(Models.option(String.class, "ID", "Use this connector's credentials (it must be for the"
                + " reference's registry host).", "--connector").build());
        return spec;
    }

    private void read() {
        repo = Models.parameter(spec, 0);
        connector = Models.value(spec, "--connector");
    }

    @Override
    public Integer call() throws IOException {
        read();
        Location location = Location.parse(repo);
        if (location instanceof Location.Layout layout && layout.reference().tagOrDigest().isPresent()) {
            throw new UsageException("'" + repo + "' names an image, but tags takes a layout directory: write oci:"
                    + layout.reference().directory());
        }
        if (location instanceof Location.Remote && names(repo)) {
            throw new UsageException("'" + repo + "' names an image, but tags takes a repository: drop the ':tag' or '@digest'");
        }
        List<String> tags = whittle.session(location).connector(location, Optional.ofNullable(connector))
                .tags(location);
        Io io = whittle.io();
        if (whittle.output() == OutputFormat.JSON) {
            var n = Json.MAPPER.createObjectNode();
            n.put("repository", location instanceof Location.Remote r ? r.reference().name() : location.toString());
            var a = n.putArray("tags");
            tags.forEach(a::add);
            JsonOutput.print(io.out(), n);
        } else {
            tags.forEach(io.out()::println);
        }
        return ExitCode.OK;
    }

    /** True when a registry argument carries a tag or digest. */
    private static boolean names(String argument) {
        return argument.contains("@") || argument.lastIndexOf(':') > argument.lastIndexOf('/');
    }
}
