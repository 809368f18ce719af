package io.whittle.cli.connector;

import io.whittle.cli.ExitCode;
import io.whittle.cli.JsonOutput;
import io.whittle.cli.Whittle;
import io.whittle.cli.remote.RemoteConnectors;
import io.whittle.oci.Json;
import io.whittle.platform.connector.BuiltInConnectors;
import io.whittle.platform.connector.Connector;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code whittle connector list}: the built-in connectors and the saved ones, oldest first. */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Whittle.VersionProvider.class,
        description = "List the connectors: ID, registry, access, status and name.")
final class ConnectorListCommand implements Callable<Integer> {

    @ParentCommand
    ConnectorCommand parent;

    @Override
    public Integer call() throws IOException {
        Optional<RemoteConnectors> remote = parent.remote();
        ConnectorPlatform local = parent.platform();
        // Without a database nothing was ever saved: list the built-in connector without creating one.
        List<Connector> all = remote.isPresent() ? ConnectorErrors.call(remote.get()::list)
                : ConnectorErrors.call(() -> local.existingService()
                .map(s -> s.list(ConnectorPlatform.ORG))
                .orElseGet(() -> List.of(BuiltInConnectors.dockerHubPublic(ConnectorPlatform.ORG))));
        if (parent.json()) {
            var n = Json.MAPPER.createObjectNode();
            var a = n.putArray("connectors");
            all.forEach(c -> a.add(ConnectorViews.json(c)));
            JsonOutput.print(parent.out(), n);
        } else {
            ConnectorViews.list(all, parent.out());
        }
        return ExitCode.OK;
    }
}
