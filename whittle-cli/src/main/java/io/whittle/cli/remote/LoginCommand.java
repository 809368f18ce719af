package io.whittle.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.cli.ExitCode;
import io.whittle.cli.UsageException;
import io.whittle.cli.Whittle;
import io.whittle.cli.connector.SecretPrompt;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code whittle login --server URL}: remembers an API token for a Whittle server, checked against the server
 * first, and makes that server the default for the commands that can run remotely.
 */
@Command(name = "login", mixinStandardHelpOptions = true, versionProvider = Whittle.VersionProvider.class,
        description = {"Sign in to a Whittle server; commands then run against that server.",
                "By default asks for your username and password and has the server issue an API token for this"
                        + " machine; or give a token you created (--token, --token-stdin). The token is checked, then"
                        + " kept in the config file with mode 0600; the password is never kept."})
public final class LoginCommand implements Callable<Integer> {

    @ParentCommand
    Whittle whittle;

    @Option(names = "--token-stdin", description = "Read an API token from standard input instead of signing in.")
    boolean tokenStdin;

    @Option(names = "--token", description = "Paste an API token at a hidden prompt instead of signing in with a"
            + " password.")
    boolean pasteToken;

    @Option(names = {"-u", "--username"}, paramLabel = "NAME", description = "Sign in as this user (prompted when"
            + " missing); the password is always prompted for, or read from standard input with --password-stdin.")
    String username;

    @Option(names = "--password-stdin", description = "Read the password from standard input.")
    boolean passwordStdin;

    public LoginCommand() {
    }

    @Override
    public Integer call() throws IOException {
        URI server = whittle.serverOption()
                .orElseThrow(() -> new UsageException("name the server to sign in to: 'whittle login --server"
                        + " https://whittle.example.com'"));
        String token = readToken(server);
        JsonNode me;
        try (ServerApi api = whittle.openServer(server, token)) {
            me = api.get("/api/v1/me");
        }
        ClientConfigFile file = whittle.clientConfigFile();
        file.write(file.read().withLogin(server, token));
        String user = me.path("user").path("username").asText("?");
        String org = me.path("organization").path("slug").asText("?");
        String role = me.path("role").asText("?");
        whittle.io().out().println("Logged in to " + server + " as " + user + " (organization " + org + ", role " + role
                + "). Commands now run against this server; 'whittle logout' returns to local mode.");
        return ExitCode.OK;
    }

    private String readToken(URI server) throws IOException {
        String token;
        if (tokenStdin) {
            token = stdinLine();
        } else if (!pasteToken) {
            return signIn(server);
        } else {
            Optional<SecretPrompt> prompt = SecretPrompt.terminal();
            if (prompt.isEmpty()) {
                throw new UsageException("no terminal to prompt for the token: pipe it in with --token-stdin");
            }
            whittle.io().err().println("Create an API token at " + server + "/tokens (or with POST /api/v1/tokens)"
                    + " and paste it here.");
            whittle.io().err().flush();
            token = new String(prompt.get().ask("API token")).strip();
        }
        if (token.isEmpty()) {
            throw new UsageException("no token given: create one on the server and paste it");
        }
        return token;
    }

    /** Signs in with a username and password and has the server issue a token for this machine. */
    private String signIn(URI server) throws IOException {
        Optional<SecretPrompt> prompt = SecretPrompt.terminal();
        String user = username;
        if (user == null || user.isBlank()) {
            java.io.Console console = System.console();
            if (prompt.isEmpty() || console == null) {
                throw new UsageException("no terminal to prompt on: give --username NAME with --password-stdin, or"
                        + " an API token with --token-stdin");
            }
            user = Optional.ofNullable(console.readLine("Username: ")).orElse("");
        }
        char[] password;
        if (passwordStdin) {
            password = stdinLine().toCharArray();
        } else if (prompt.isPresent()) {
            password = prompt.get().ask("Password for " + user.strip());
        } else {
            throw new UsageException("no terminal to prompt for the password: pipe it in with --password-stdin");
        }
        if (password.length == 0) {
            throw new UsageException("no password given");
        }
        try (ServerApi api = whittle.openServer(server, "-")) {
            return new PasswordSignIn(server, api.rest()).token(user.strip(), password, "whittle CLI on " + host());
        }
    }

    private String stdinLine() throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(whittle.io().stdin(), StandardCharsets.UTF_8));
        return Optional.ofNullable(in.readLine()).orElse("").strip();
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "this machine";
        }
    }
}
