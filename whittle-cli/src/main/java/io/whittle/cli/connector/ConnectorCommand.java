package io.whittle.cli.connector;

import io.whittle.cli.ExitCode;
import io.whittle.cli.OutputFormat;
import io.whittle.cli.Whittle;
import io.whittle.cli.remote.RemoteConnectors;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code whittle connector …}: the connectors saved in the data directory. */
@Command(name = "connector", mixinStandardHelpOptions = true, versionProvider = Whittle.VersionProvider.class,
        description = {"Add, list, check, change and remove connectors: saved registry credentials, referred to by ID.",
                "Secrets are stored encrypted in the data directory and are never shown again."},
        subcommands = {ConnectorAddCommand.class, ConnectorListCommand.class, ConnectorShowCommand.class,
                ConnectorTestCommand.class, ConnectorEditCommand.class, ConnectorRemoveCommand.class,
                ConnectorRotateKeyCommand.class})
public final class ConnectorCommand implements Callable<Integer> {

    @ParentCommand
    Whittle whittle;

    public ConnectorCommand() {
    }

    @Override
    public Integer call() {
        whittle.io().err().println("whittle: name what to do, e.g. 'whittle connector add PROVIDER --name NAME …' or"
                + " 'whittle connector list'; 'whittle connector --help' lists them all.");
        return ExitCode.USAGE;
    }

    /** The connectors of the server commands run against; empty: those of the local data directory. */
    Optional<RemoteConnectors> remote() throws IOException {
        return whittle.server().map(RemoteConnectors::new);
    }

    ConnectorPlatform platform() {
        return whittle.connectors().platform();
    }

    PrintWriter out() {
        return whittle.io().out();
    }

    InputStream stdin() {
        return whittle.io().stdin();
    }

    boolean json() {
        return whittle.output() == OutputFormat.JSON;
    }
}
