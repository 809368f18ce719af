package io.whittle.cli.connector;

import io.whittle.cli.ExitCode;
import io.whittle.cli.Io;
import io.whittle.cli.JsonOutput;
import io.whittle.cli.OutputFormat;
import io.whittle.cli.Whittle;
import io.whittle.connector.Provider;
import io.whittle.oci.Json;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code whittle providers}: the kinds of registry a connector can be made for, and what each asks for. */
@Command(name = "providers", mixinStandardHelpOptions = true, versionProvider = Whittle.VersionProvider.class,
        description = {"List the registry providers connectors can be made for, with their fields.",
                "'whittle providers show ID' shows every field and how to get the credentials."},
        subcommands = ProviderShowCommand.class)
public final class ProvidersCommand implements Callable<Integer> {

    @ParentCommand
    Whittle whittle;

    public ProvidersCommand() {
    }

    @Override
    public Integer call() {
        List<Provider> all = whittle.connectors().platform().providers().all();
        Io io = whittle.io();
        if (whittle.output() == OutputFormat.JSON) {
            var n = Json.MAPPER.createObjectNode();
            var a = n.putArray("providers");
            all.forEach(p -> a.add(ProviderViews.json(p)));
            JsonOutput.print(io.out(), n);
        } else {
            ProviderViews.list(all, io.out());
        }
        return ExitCode.OK;
    }
}
