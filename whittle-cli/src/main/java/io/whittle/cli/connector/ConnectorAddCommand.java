package io.whittle.cli.connector;

import io.whittle.cli.ExitCode;
import io.whittle.cli.JsonOutput;
import io.whittle.cli.Whittle;
import io.whittle.cli.remote.RemoteConnectors;
import io.whittle.connector.ConnectorOutcome;
import io.whittle.connector.FieldValues;
import io.whittle.connector.NewConnector;
import io.whittle.connector.Provider;
import io.whittle.platform.secret.SecretValue;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code whittle connector add PROVIDER --name N …}: checks a new connector, saves it and prints its ID. */
@Command(name = "add", mixinStandardHelpOptions = true, versionProvider = Whittle.VersionProvider.class,
        description = {"Check a registry's credentials and save them as a connector; prints the connector ID.",
                "Settings come with --set KEY=VALUE; secrets with --secret-stdin KEY, --secret-file KEY=PATH or a"
                        + " hidden prompt, never on the command line.",
                "Nothing is saved when the check fails, unless --unverified."})
final class ConnectorAddCommand implements Callable<Integer> {

    @ParentCommand
    ConnectorCommand parent;

    @Parameters(paramLabel = "PROVIDER", description = "dockerhub, ecr, gcr, quay, ghcr, digitalocean, acr, gitlab or"
            + " generic ('whittle providers' lists them).")
    String provider;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "A name of your own for it.")
    String name;

    @Mixin
    FieldOptions fields;

    @Option(names = "--unverified", description = "Save it even when the check fails (marked unverified).")
    boolean unverified;

    @Override
    public Integer call() throws IOException {
        Optional<RemoteConnectors> remote = parent.remote();
        ConnectorPlatform local = parent.platform();
        Provider p = ConnectorErrors.call(() -> local.providers().require(provider.strip()));
        Map<String, String> settings = fields.settings(p);
        SortedMap<String, SecretValue> secrets = fields.secrets(p, settings, parent.stdin(), true);
        NewConnector request = NewConnector.of(p.id(), name, FieldValues.of(settings, secrets));
        NewConnector asked = unverified ? request.unverified() : request;
        ConnectorOutcome outcome = ConnectorErrors.call(() -> remote.isPresent() ? remote.get().add(asked)
                : local.service().add(ConnectorPlatform.ORG, asked));
        if (parent.json()) {
            JsonOutput.print(parent.out(), ConnectorViews.json(outcome));
        } else {
            parent.out().println(outcome.connector().id());
            ConnectorViews.outcome(outcome, "saved", parent.out());
        }
        return ExitCode.OK;
    }
}
