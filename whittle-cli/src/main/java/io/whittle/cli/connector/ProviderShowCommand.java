package io.whittle.cli.connector;

import io.whittle.cli.ExitCode;
import io.whittle.cli.Io;
import io.whittle.cli.JsonOutput;
import io.whittle.cli.OutputFormat;
import io.whittle.cli.Whittle;
import io.whittle.connector.Provider;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code whittle providers show ID}: a provider's fields and the steps to get its credential. */
@Command(name = "show", mixinStandardHelpOptions = true, versionProvider = Whittle.VersionProvider.class,
        description = "Show a provider's fields (kind, required, help) and how to get the credentials it needs.")
final class ProviderShowCommand implements Callable<Integer> {

    @ParentCommand
    ProvidersCommand parent;

    @Parameters(paramLabel = "ID", description = "A provider id, e.g. ghcr, ecr, gcr, dockerhub, generic.")
    String id;

    @Override
    public Integer call() throws IOException {
        Whittle whittle = parent.whittle;
        Provider p = ConnectorErrors.call(() -> whittle.connectors().platform().providers().require(id.strip()));
        Io io = whittle.io();
        if (whittle.output() == OutputFormat.JSON) {
            JsonOutput.print(io.out(), ProviderViews.json(p));
        } else {
            ProviderViews.show(p, io.out());
        }
        return ExitCode.OK;
    }
}
