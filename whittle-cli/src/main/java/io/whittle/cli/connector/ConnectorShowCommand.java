package io.whittle.cli.connector;

import io.whittle.cli.ExitCode;
import io.whittle.cli.JsonOutput;
import io.whittle.cli.Whittle;
import io.whittle.cli.remote.RemoteConnectors;
import io.whittle.connector.Provider;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorId;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code whittle connector show ID}: one connector's settings, secret names and state. */
@Command(name = "show", mixinStandardHelpOptions = true, versionProvider = Whittle.VersionProvider.class,
        description = "Show a connector: provider, registry, settings, which secrets it holds (never their values),"
                + " status, access and expiry.")
final class ConnectorShowCommand implements Callable<Integer> {

    @ParentCommand
    ConnectorCommand parent;

    @Mixin
    IdArgument id;

    @Override
    public Integer call() throws IOException {
        Optional<RemoteConnectors> remote = parent.remote();
        ConnectorPlatform local = parent.platform();
        ConnectorId cid = id.id();
        Connector c = ConnectorErrors.call(() -> remote.isPresent() ? remote.get().show(cid)
                : local.serviceFor(cid).show(ConnectorPlatform.ORG, cid));
        if (parent.json()) {
            JsonOutput.print(parent.out(), ConnectorViews.json(c));
        } else {
            String providerName = local.providers().find(c.provider()).map(Provider::displayName)
                    .orElse(c.provider());
            ConnectorViews.show(c, providerName, parent.out());
        }
        return ExitCode.OK;
    }
}
