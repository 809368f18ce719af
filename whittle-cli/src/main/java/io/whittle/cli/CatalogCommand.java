package io.whittle.cli;

import io.whittle.oci.ImageReference;
import io.whittle.oci.InvalidReferenceException;
import io.whittle.oci.Json;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/** {@code whittle catalog REGISTRY}: the repositories a registry lists. */
final class CatalogCommand implements Callable<Integer>, Modelled {
    private Whittle whittle;
    private CommandSpec spec;

    private String registry;
    private String connector;

    @Override
    public CommandSpec model(Whittle parent) {
        whittle = parent;
        spec = Models.command(this, "catalog",
                "List the repositories of a registry (its _catalog, every page).");
        spec.addPositional(Models.parameter(0, "REGISTRY", "A registry host, e.g. 127.0.0.1:5000 or"
                + " registry.example.com."));
        spec.addOption(Models.option(String.class, "ID", "Use this connector's credentials (it must be for this"
                + " registry host).", "--connector").build());
        return spec;
    }

    private void read() {
        registry = Models.parameter(spec, 0);
        connector = Models.value(spec, "--connector");
    }

    @Override
    public Integer call() throws IOException {
        read();
        String host = host(registry);
        List<String> repositories = whittle.sessionFor(host).catalog(host, Optional.ofNullable(connector));
        Io io = whittle.io();
        if (whittle.output() == OutputFormat.JSON) {
            var n = Json.MAPPER.createObjectNode();
            n.put("registry", host);
            var a = n.putArray("repositories");
            repositories.forEach(a::add);
            JsonOutput.print(io.out(), n);
        } else {
            repositories.forEach(io.out()::println);
        }
        return ExitCode.OK;
    }

    /** The host as image references spell it; a URL or a path is a usage error. */
    static String host(String argument) {
        String h = argument.endsWith("/") ? argument.substring(0, argument.length() - 1) : argument;
        if (h.isEmpty() || h.contains("/") || h.contains("@")) {
            throw new UsageException("'" + argument + "' is not a registry host: write host[:port], e.g. 127.0.0.1:5000");
        }
        try {
            String normalized = h.equals("index.docker.io") || h.equals("registry-1.docker.io") ? ImageReference.DOCKER_HUB : h;
            return new ImageReference(normalized, "x", Optional.empty(), Optional.empty()).registry();
        } catch (InvalidReferenceException e) {
            throw new UsageException("'" + argument + "' is not a registry host: write host[:port], e.g. 127.0.0.1:5000", e);
        }
    }
}
