package io.whittle.cli;

import io.whittle.cli.connector.ConnectorCommand;
import io.whittle.cli.connector.DataDirectory;
import io.whittle.cli.connector.ImagesCommand;
import io.whittle.cli.connector.LocalConnectors;
import io.whittle.cli.connector.ProvidersCommand;
import io.whittle.cli.remote.ClientConfig;
import io.whittle.cli.remote.ClientConfigFile;
import io.whittle.cli.remote.LoginCommand;
import io.whittle.cli.remote.LogoutCommand;
import io.whittle.cli.remote.ServerApi;
import io.whittle.cli.serve.ServerCommand;
import io.whittle.cli.xray.XrayCommand;
import io.whittle.connector.http.RestClient;
import io.whittle.oci.OciException;
import io.whittle.registry.RetryPolicy;
import io.whittle.registry.Timeouts;
import io.whittle.registry.net.OutboundPolicy;
import java.io.IOException;
import java.net.URI;
import io.whittle.oci.Platform;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

/**
 * The top-level command: global options, the sub-commands, and the turning of failures into one sentence on
 * stderr and an exit code. Sub-commands reach the options and the lazily built {@link Session} through it.
 * Its picocli model is built in code, as those of the {@link Modelled} sub-commands are (see there why).
 */
public final class Whittle implements Callable<Integer> {
    private final Io io;
    private final CommandSpec spec;
    private Session session;
    private LocalConnectors connectors;
    private Optional<ServerApi> server;

    Whittle(Io io) {
        this.io = io;
        this.spec = Models.command(this, "whittle",
                "Inspect and copy container images between registries and OCI layout directories.");
        spec.usageMessage().footer("", "Exit codes: 0 success, 1 operation failed, 2 usage error, 3 policy gate failed,",
                "4 authentication or permission, 5 not found.");
        spec.addOption(inherited(Models.flag("Allow plain-http registries (loopback registries are always allowed).",
                "--insecure")));
        spec.addOption(inherited(Models.flag("Print stack traces of failures.", "--debug")));
        spec.addOption(inherited(Models.option(OutputFormat.class, "text|json|html", "Output format of printed data: text or"
                + " json (default: text); html for xray reports.", "-o", "--output").initialValue(OutputFormat.TEXT).build()));
        spec.addOption(inherited(Models.option(String.class, "os/arch[/variant]", "Platform to pick from a"
                + " multi-platform index (default: this machine's).", "--platform").build()));
        spec.addOption(inherited(Models.option(String.class, "DIR", "Where connectors are kept (default:"
                + " $WHITTLE_DATA_DIR, else $XDG_DATA_HOME/whittle or ~/.local/share/whittle).", "--data-dir").build()));
        spec.addOption(inherited(Models.option(String.class, "URL", "Run against this Whittle server (default:"
                + " $WHITTLE_SERVER, else the one of 'whittle login'; none: run locally).", "--server").build()));
    }

    /** The option, also accepted after any sub-command's name. */
    private static OptionSpec inherited(OptionSpec option) {
        return option.toBuilder().scopeType(ScopeType.INHERIT).build();
    }

    /** Runs the command line and returns the exit code; never throws. */
    public static int run(Io io, String... args) {
        Whittle app = new Whittle(io);
        CommandLine cl = new CommandLine(app.spec);
        for (Object sub : subcommandsFor(args)) {
            cl.addSubcommand(sub instanceof Modelled m ? m.model(app) : sub);
        }
        cl.setOut(io.out());
        cl.setErr(io.err());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, arguments) -> {
            String command = ex.getCommandLine().getCommandSpec().qualifiedName();
            String message = ErrorReport.tidy(ex.getMessage());
            io.err().println("whittle: " + message.substring(0, message.length() - 1) + " (see '" + command
                    + " --help').");
            io.err().flush();
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            ErrorReport report = ErrorReport.of(ex);
            io.out().flush();
            io.err().println("whittle: " + report.sentence());
            if (Models.flag(app.spec, "--debug")) {
                ex.printStackTrace(io.err());
            }
            io.err().flush();
            return report.exitCode();
        });
        try {
            return cl.execute(args);
        } finally {
            io.out().flush();
            io.err().flush();
            if (app.session != null) {
                app.session.close();
            }
            if (app.connectors != null) {
                app.connectors.close();
            }
            if (app.server != null && app.server.isPresent()) {
                app.server.get().closeQuietly();
            }
        }
    }

    /**
     * The sub-commands to register: only the one named when there is one, since building picocli's model of every
     * command is a good part of the start-up time; all of them for help and for mistakes, so that usage lists
     * and suggestions stay complete.
     */
    static List<Object> subcommandsFor(String[] args) {
        Optional<String> named = commandName(args);
        if (named.isPresent()) {
            Object only = switch (named.get()) {
                case "inspect" -> new InspectCommand();
                case "digest" -> new DigestCommand();
                case "tags" -> new TagsCommand();
                case "catalog" -> new CatalogCommand();
                case "copy" -> new CopyCommand();
                case "images" -> new ImagesCommand();
                case "connector" -> new ConnectorCommand();
                case "providers" -> new ProvidersCommand();
                case "login" -> new LoginCommand();
                case "logout" -> new LogoutCommand();
                case "server" -> new ServerCommand();
                case "xray" -> new XrayCommand();
                default -> null;
            };
            if (only != null) {
                return List.of(only);
            }
        }
        return List.of(new InspectCommand(), new DigestCommand(), new TagsCommand(), new CatalogCommand(),
                new CopyCommand(), new ImagesCommand(), new ConnectorCommand(), new ProvidersCommand(),
                new LoginCommand(), new LogoutCommand(), new ServerCommand(), new XrayCommand(),
                new CommandLine.HelpCommand());
    }

    /** The first argument that is neither a global option nor an option's value. */
    static Optional<String> commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-o") || a.equals("--output") || a.equals("--platform") || a.equals("--data-dir")
                    || a.equals("--server")) {
                i++;
            } else if (!a.startsWith("-")) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    @Override
    public Integer call() {
        io.err().println("whittle: name a command, e.g. 'whittle inspect REF'; 'whittle --help' lists them all.");
        return ExitCode.USAGE;
    }

    public Io io() {
        return io;
    }

    public OutputFormat output() {
        return Models.value(spec, "--output");
    }

    /** The connectors of the data directory; nothing is opened until a connector is needed. */
    public LocalConnectors connectors() {
        if (connectors == null) {
            String dataDir = Models.value(spec, "--data-dir");
            connectors = new LocalConnectors(DataDirectory.resolve(Optional.ofNullable(dataDir), io.env()), io.env());
        }
        return connectors;
    }

    /** The server named with {@code --server} or {@code $WHITTLE_SERVER}, checked. */
    public Optional<URI> serverOption() {
        String named = Models.value(spec, "--server");
        if (named == null || named.isBlank()) {
            named = io.env().get("WHITTLE_SERVER");
        }
        if (named == null || named.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ServerApi.normalize(URI.create(named.strip())));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage().startsWith("'") ? e.getMessage()
                    : "'" + named + "' is not a server URL: give it as https://host[:port]", e);
        }
    }

    /** The {@code --data-dir} option as given. */
    public Optional<String> dataDirOption() {
        return Optional.ofNullable(Models.value(spec, "--data-dir"));
    }

    public ClientConfigFile clientConfigFile() {
        return ClientConfigFile.resolve(io.env());
    }

    /**
     * The server commands run against, when there is one: {@code --server} or {@code $WHITTLE_SERVER} (with the
     * token kept for it by {@code whittle login}, or {@code $WHITTLE_TOKEN}), else the default server of the
     * config file. Empty: commands run locally.
     */
    public Optional<ServerApi> server() throws IOException {
        if (server == null) {
            Optional<URI> named = serverOption();
            ClientConfig config = clientConfigFile().read();
            Optional<URI> target = named.or(config::current);
            if (target.isEmpty()) {
                server = Optional.empty();
            } else {
                String envToken = io.env().get("WHITTLE_TOKEN");
                String token = envToken != null && !envToken.isBlank() ? envToken.strip()
                        : config.token(target.get()).orElseThrow(() -> new UsageException("not logged in to "
                                + target.get() + ": run 'whittle login --server " + target.get() + "' first"));
                server = Optional.of(openServer(target.get(), token));
            }
        }
        return server;
    }

    /** A client of {@code base}'s API with {@code token}; closed with this command. */
    public ServerApi openServer(URI base, String token) {
        RestClient rest = RestClient.create(OutboundPolicy.cli(), Timeouts.defaults(), RetryPolicy.defaults(),
                "whittle/" + Version.current());
        return new ServerApi(base, token, rest);
    }

    /** An image source and what to read from it, for commands outside this package. */
    public record Source(io.whittle.oci.transfer.ImageSource source, String tagOrDigest) {
    }

    /**
     * Opens the registry reference or {@code oci:DIR[:TAG]} the user named, through the connector {@code connector}
     * when one is named, as the commands of this package open theirs.
     */
    public Source openSource(String reference, Optional<String> connector) throws IOException {
        Location location = Location.parse(reference);
        Session.Opened opened = session(location).connector(location, connector).source(location);
        return new Source(opened.source(), opened.tagOrDigest());
    }

    /** The platform asked for with {@code --platform}, checked, for commands outside this package. */
    public Optional<Platform> platformOption() {
        return platform();
    }

    /** The platform asked for with {@code --platform}, checked. */
    Optional<Platform> platform() {
        String platform = Models.value(spec, "--platform");
        if (platform == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Platform.parse(platform));
        } catch (OciException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    /**
     * The registry client and image stores, built on first use so that commands that need none stay fast.
     * With {@code --insecure}, the registries of {@code locations} may be reached over plain http.
     */
    Session session(Location... locations) {
        if (session == null) {
            boolean insecure = insecure();
            Set<String> insecureRegistries = new LinkedHashSet<>();
            for (Location l : locations) {
                if (insecure && l instanceof Location.Remote r) {
                    insecureRegistries.add(r.reference().registry());
                }
            }
            session = new Session(io.env(), insecureRegistries, connectors());
        }
        return session;
    }

    private boolean insecure() {
        return Models.flag(spec, "--insecure");
    }

    /** The session for commands that name a registry rather than an image. */
    Session sessionFor(String registry) {
        if (session == null) {
            session = new Session(io.env(), insecure() ? Set.of(registry) : Set.of(), connectors());
        }
        return session;
    }

    public static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"whittle " + Version.current()};
        }
    }
}
