package io.whittle.cli.connector;

import io.whittle.cli.ExitCode;
import io.whittle.cli.JsonOutput;
import io.whittle.cli.UsageException;
import io.whittle.cli.Whittle;
import io.whittle.oci.Json;
import io.whittle.platform.connector.RotationResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code whittle connector rotate-key}: re-encrypts every stored secret under a new key. */
@Command(name = "rotate-key", mixinStandardHelpOptions = true, versionProvider = Whittle.VersionProvider.class,
        description = {"Encrypt every stored secret with a new key and retire the old key.",
                "With WHITTLE_SECRET_KEY, re-encrypt under its newest key version (add it there first)."})
final class ConnectorRotateKeyCommand implements Callable<Integer> {

    @ParentCommand
    ConnectorCommand parent;

    @Override
    public Integer call() throws IOException {
        if (parent.remote().isPresent()) {
            throw new UsageException("the server's secrets are encrypted with its operator's key, which only the"
                    + " operator rotates on the server; run 'whittle connector rotate-key' without a server (after"
                    + " 'whittle logout') to rotate the local key");
        }
        ConnectorPlatform local = parent.platform();
        PrintWriter out = parent.out();
        Optional<RotationResult> done = local.dataDirectory().hasDatabase()
                ? Optional.of(ConnectorErrors.call(local::rotateKey)) : Optional.empty();
        if (parent.json()) {
            var n = Json.MAPPER.createObjectNode();
            if (done.isPresent()) {
                n.put("keyVersion", done.get().keyVersion());
            } else {
                n.putNull("keyVersion");
            }
            n.put("reencrypted", done.map(RotationResult::reencrypted).orElse(0));
            var retired = n.putArray("retired");
            done.ifPresent(r -> r.retired().forEach(retired::add));
            var unused = n.putArray("unused");
            done.ifPresent(r -> r.unused().forEach(unused::add));
            JsonOutput.print(out, n);
            return ExitCode.OK;
        }
        if (done.isEmpty()) {
            out.println("No connector is saved in " + local.dataDirectory() + ", so there is no secret to"
                    + " re-encrypt.");
            return ExitCode.OK;
        }
        RotationResult r = done.get();
        out.println("Every stored secret is now encrypted with key version " + r.keyVersion() + " ("
                + r.reencrypted() + " re-encrypted).");
        if (!r.retired().isEmpty()) {
            out.println("Retired key versions " + versions(r.retired()) + ": they are gone from the key file.");
        }
        if (!r.unused().isEmpty()) {
            out.println("No secret uses key versions " + versions(r.unused()) + " any more: remove them from "
                    + "WHITTLE_SECRET_KEY.");
        }
        return ExitCode.OK;
    }

    private static String versions(SortedSet<Integer> v) {
        return String.join(", ", v.stream().map(String::valueOf).toList());
    }
}
