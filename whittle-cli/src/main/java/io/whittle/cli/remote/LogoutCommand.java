package io.whittle.cli.remote;

import io.whittle.cli.ExitCode;
import io.whittle.cli.Whittle;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code whittle logout [--server URL]}: forgets the token kept for a server (the default one unless named), so
 * commands run locally again. The token itself stays valid on the server until it is revoked there.
 */
@Command(name = "logout", mixinStandardHelpOptions = true, versionProvider = Whittle.VersionProvider.class,
        description = {"Forget the API token kept for a Whittle server (the default one unless --server names"
                + " another); commands then run locally.", "Revoke the token on the server to make it unusable."})
public final class LogoutCommand implements Callable<Integer> {

    @ParentCommand
    Whittle whittle;

    public LogoutCommand() {
    }

    @Override
    public Integer call() throws IOException {
        ClientConfigFile file = whittle.clientConfigFile();
        ClientConfig config = file.read();
        Optional<URI> server = whittle.serverOption().or(config::current);
        if (server.isEmpty() || config.token(server.get()).isEmpty()) {
            whittle.io().out().println("Not logged in" + server.map(s -> " to " + s).orElse("")
                    + "; commands run locally.");
            return ExitCode.OK;
        }
        file.write(config.withLogout(server.get()));
        whittle.io().out().println("Logged out of " + server.get() + "; the token is no longer kept here (revoke it on"
                + " the server to disable it). Commands now run locally.");
        return ExitCode.OK;
    }
}
