package io.whittle.cli.connector;

import io.whittle.cli.ExitCode;
import io.whittle.cli.JsonOutput;
import io.whittle.cli.Whittle;
import io.whittle.cli.remote.RemoteConnectors;
import io.whittle.connector.ConnectorChange;
import io.whittle.connector.ConnectorOutcome;
import io.whittle.connector.ConnectorService;
import io.whittle.connector.Provider;
import io.whittle.platform.connector.BuiltInConnectorException;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorId;
import io.whittle.platform.secret.SecretValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code whittle connector edit ID …}: changes a connector and checks it again. A secret not given keeps the stored
 * one; changing where the credentials go (host, URL, CA, plain http) needs every secret again.
 */
@Command(name = "edit", mixinStandardHelpOptions = true, versionProvider = Whittle.VersionProvider.class,
        description = {"Change a connector's name, settings or secrets, and check it again.",
                "Secrets not given are kept; changing the registry host or URL requires the secrets again.",
                "Nothing is saved when the check fails, unless --unverified."})
final class ConnectorEditCommand implements Callable<Integer> {

    @ParentCommand
    ConnectorCommand parent;

    @Mixin
    IdArgument id;

    @Option(names = "--name", paramLabel = "NAME", description = "A new name.")
    String name;

    @Mixin
    FieldOptions fields;

    @Option(names = "--unset", paramLabel = "KEY", description = "Remove a setting; repeatable.")
    List<String> unset = new ArrayList<>();

    @Option(names = "--clear-secret", paramLabel = "KEY",
            description = "Remove a stored secret (e.g. access keys when switching ECR to a role); repeatable.")
    List<String> clear = new ArrayList<>();

    @Option(names = "--unverified", description = "Save the change even when the check fails.")
    boolean unverified;

    @Override
    public Integer call() throws IOException {
        Optional<RemoteConnectors> remote = parent.remote();
        ConnectorPlatform local = parent.platform();
        ConnectorId cid = id.id();
        ConnectorOutcome outcome = ConnectorErrors.call(() -> {
            if (cid.isBuiltIn()) {
                throw new BuiltInConnectorException(cid);
            }
            if (remote.isPresent()) {
                return remote(remote.get(), local, cid);
            }
            ConnectorService service = local.serviceFor(cid);
            Connector current = service.show(ConnectorPlatform.ORG, cid);
            Provider p = local.providers().require(current.provider());
            Map<String, String> given = fields.settings(p);
            ConnectorChange change = ConnectorChange.of(current);
            if (name != null) {
                change = change.rename(name);
            }
            for (Map.Entry<String, String> s : given.entrySet()) {
                change = change.set(s.getKey(), s.getValue());
            }
            for (String key : unset) {
                change = change.set(key, "");
            }
            Map<String, String> after = new LinkedHashMap<>(change.settings());
            for (Map.Entry<String, SecretValue> s : fields.secrets(p, after, parent.stdin(), false).entrySet()) {
                change = change.secret(s.getKey(), s.getValue());
            }
            for (String key : clear) {
                change = change.clear(key);
            }
            return service.edit(ConnectorPlatform.ORG, cid, unverified ? change.unverified() : change);
        });
        if (parent.json()) {
            JsonOutput.print(parent.out(), ConnectorViews.json(outcome));
        } else {
            ConnectorViews.outcome(outcome, "updated", parent.out());
        }
        return ExitCode.OK;
    }

    /** The same change made on the server: only what is given is sent, with the version read. */
    private ConnectorOutcome remote(RemoteConnectors remote, ConnectorPlatform local, ConnectorId cid)
            throws IOException {
        Connector current = remote.show(cid);
        Provider p = local.providers().require(current.provider());
        Map<String, String> given = new LinkedHashMap<>(fields.settings(p));
        for (String key : unset) {
            given.put(key, "");
        }
        Map<String, String> after = new LinkedHashMap<>(current.settings());
        given.forEach((k, v) -> {
            if (v.isBlank()) {
                after.remove(k);
            } else {
                after.put(k, v);
            }
        });
        Map<String, SecretValue> secrets = fields.secrets(p, after, parent.stdin(), false);
        return remote.edit(current, Optional.ofNullable(name), given, secrets, clear, unverified);
    }
}
