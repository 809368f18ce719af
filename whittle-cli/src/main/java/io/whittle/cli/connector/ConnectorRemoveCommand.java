package io.whittle.cli.connector;

import io.whittle.cli.ExitCode;
import io.whittle.cli.JsonOutput;
import io.whittle.cli.Whittle;
import io.whittle.cli.remote.RemoteConnectors;
import io.whittle.connector.ConnectorService;
import io.whittle.oci.Json;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorId;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code whittle connector rm ID}: deletes a connector and its secrets. */
@Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true,
        versionProvider = Whittle.VersionProvider.class,
        description = "Remove a connector and its stored secrets.")
final class ConnectorRemoveCommand implements Callable<Integer> {

    @ParentCommand
    ConnectorCommand parent;

    @Mixin
    IdArgument id;

    @Override
    public Integer call() throws IOException {
        Optional<RemoteConnectors> remote = parent.remote();
        ConnectorPlatform local = parent.platform();
        ConnectorId cid = id.id();
        Connector removed = ConnectorErrors.call(() -> {
            if (remote.isPresent()) {
                Connector c = remote.get().show(cid);
                remote.get().delete(cid);
                return c;
            }
            ConnectorService service = local.serviceFor(cid);
            Connector c = service.show(ConnectorPlatform.ORG, cid);
            service.delete(ConnectorPlatform.ORG, cid);
            return c;
        });
        if (parent.json()) {
            var n = Json.MAPPER.createObjectNode();
            n.put("removed", removed.id().toString());
            n.put("name", removed.name());
            JsonOutput.print(parent.out(), n);
        } else {
            parent.out().println("Removed connector " + removed.id() + " ('" + removed.name() + "') and its secrets.");
        }
        return ExitCode.OK;
    }
}
