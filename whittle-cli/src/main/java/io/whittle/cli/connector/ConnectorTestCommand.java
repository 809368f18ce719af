package io.whittle.cli.connector;

import io.whittle.cli.ExitCode;
import io.whittle.cli.JsonOutput;
import io.whittle.cli.Whittle;
import io.whittle.cli.remote.RemoteConnectors;
import io.whittle.connector.ConnectorOutcome;
import io.whittle.platform.connector.ConnectorId;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code whittle connector test ID}: checks a saved connector with exactly what is stored and records the outcome.
 * A failing check exits with the failure's code (4 for a refused credential), its sentence on stderr.
 */
@Command(name = "test", mixinStandardHelpOptions = true, versionProvider = Whittle.VersionProvider.class,
        description = {"Check a saved connector again: the credential works, listing works, push permission,"
                + " expiry.", "The outcome is recorded; a failure exits non-zero (4 when the credential is refused)."})
final class ConnectorTestCommand implements Callable<Integer> {

    @ParentCommand
    ConnectorCommand parent;

    @Mixin
    IdArgument id;

    @Override
    public Integer call() throws IOException {
        Optional<RemoteConnectors> remote = parent.remote();
        ConnectorPlatform local = parent.platform();
        ConnectorId cid = id.id();
        ConnectorOutcome outcome = ConnectorErrors.call(() -> remote.isPresent() ? remote.get().test(cid)
                : local.serviceFor(cid).test(ConnectorPlatform.ORG, cid));
        if (parent.json()) {
            JsonOutput.print(parent.out(), ConnectorViews.json(outcome));
        } else if (outcome.verified()) {
            ConnectorViews.outcome(outcome, "checked", parent.out());
        }
        if (outcome.failure().isPresent()) {
            throw outcome.failure().get();
        }
        return ExitCode.OK;
    }
}
