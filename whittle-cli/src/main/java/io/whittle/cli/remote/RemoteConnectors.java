package io.whittle.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.cli.UsageException;
import io.whittle.connector.ConnectorOutcome;
import io.whittle.connector.ConnectorService;
import io.whittle.connector.NewConnector;
import io.whittle.connector.RepositoryInfo;
import io.whittle.connector.TagInfo;
import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import io.whittle.oci.Json;
import io.whittle.oci.Platform;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorId;
import io.whittle.platform.connector.ConnectorNotFoundException;
import io.whittle.platform.connector.SecretRequiredException;
import io.whittle.platform.secret.SecretValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The connectors of the server the CLI is signed in to, with the verbs of the local connector service: the API's
 * documents come back as the same domain records, and its problems as the exceptions the local service throws
 * (a failed check, a missing connector, a refused credential), so that the commands print and exit alike in both
 * modes.
 */
public final class RemoteConnectors {
    private static final String PATH = "/api/v1/connectors";
    private static final int PAGE = 100;

    private final ServerApi api;

    public RemoteConnectors(ServerApi api) {
        this.api = Objects.requireNonNull(api, "api");
    }

    public ServerApi api() {
        return api;
    }

    /** Every connector of the organization: the built-in ones first, then the saved ones, oldest first. */
    public List<Connector> list() throws IOException {
        return all(PATH + "?", Integer.MAX_VALUE, ConnectorJson::connector, Optional.empty());
    }

    public Connector show(ConnectorId id) throws IOException {
        return ConnectorJson.connector(call(Optional.of(id), () -> api.get(path(id))));
    }

    public ConnectorOutcome add(NewConnector request) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("provider", request.provider());
        body.put("name", request.name());
        ObjectNode settings = body.putObject("settings");
        request.values().settings().forEach(settings::put);
        secrets(body, request.values().secrets());
        body.put("verify", !request.saveUnverified());
        return ConnectorJson.outcome(call(Optional.empty(), () -> api.post(PATH, body)));
    }

    /**
     * Changes a connector as {@code whittle connector edit} does: {@code settings} given (an empty value removes the
     * setting), secrets given, secrets cleared; the change is refused if the connector changed since {@code current}
     * was read.
     */
    public ConnectorOutcome edit(Connector current, Optional<String> name, Map<String, String> settings,
                                 Map<String, SecretValue> secrets, List<String> clearSecrets, boolean unverified)
            throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        name.ifPresent(n -> body.put("name", n));
        ObjectNode s = body.putObject("settings");
        settings.forEach(s::put);
        secrets(body, secrets);
        clearSecrets.forEach(body.putArray("clearSecrets")::add);
        body.put("version", current.version());
        body.put("verify", !unverified);
        return ConnectorJson.outcome(call(Optional.of(current.id()), () -> api.patch(path(current.id()), body)));
    }

    public ConnectorOutcome test(ConnectorId id) throws IOException {
        return ConnectorJson.outcome(call(Optional.of(id), () -> api.post(path(id) + "/test")));
    }

    public void delete(ConnectorId id) throws IOException {
        call(Optional.of(id), () -> {
            api.delete(path(id));
            return null;
        });
    }

    /** The repositories the connector can see, following the server's pages (at most {@code limit}). */
    public List<RepositoryInfo> repositories(ConnectorId id, int limit) throws IOException {
        return all(path(id) + "/repositories?", limit, ConnectorJson::repository, Optional.of(id));
    }

    /** A repository's tags, following the server's pages (at most {@code limit}). */
    public List<TagInfo> tags(ConnectorId id, String repository, int limit) throws IOException {
        return all(path(id) + "/tags?repository=" + ServerApi.encode(repository) + "&", limit, ConnectorJson::tag,
                Optional.of(id));
    }

    /**
     * The connector whose credentials reach {@code registryHost}: the one named (which must be for that host), else
     * the saved one for exactly that host (verified and read-write ones first, then the oldest), else a built-in
     * one for it (dockerhub.public for docker.io).
     *
     * @throws UsageException when the server has none, saying how to add one
     */
    public Connector pick(String registryHost, Optional<String> named) throws IOException {
        String host = registryHost.toLowerCase(Locale.ROOT);
        if (named.isPresent()) {
            ConnectorId id = id(named.get());
            Connector c = show(id);
            if (!c.registryHost().equalsIgnoreCase(host)) {
                throw new UsageException("Connector " + id + " holds credentials for " + c.registryHost()
                        + ", not for " + registryHost + ": pick a connector for " + registryHost
                        + " (whittle connector list).");
            }
            return c;
        }
        return list().stream()
                .filter(c -> c.registryHost().equalsIgnoreCase(host))
                .min(Comparator.comparing(Connector::isBuiltIn).thenComparing(ConnectorService.PREFERRED))
                .orElseThrow(() -> new UsageException("the server at " + api.base() + " has no connector for "
                        + registryHost + ": add one with 'whittle connector add PROVIDER --name NAME …' (run"
                        + " 'whittle providers' for the kinds)"));
    }

    /** {@code whittle inspect -o json}'s document for an image through connector {@code id}, made by the server. */
    public ObjectNode inspect(ConnectorId id, String reference, Optional<Platform> platform) throws IOException {
        JsonNode n = call(Optional.of(id), () -> api.get(imagePath(id, reference, platform)));
        if (!(n instanceof ObjectNode o)) {
            throw new IOException("the server at " + api.base() + " answered something other than an inspection:"
                    + " check that it runs the same Whittle version");
        }
        return o;
    }

    /** The manifest's bytes exactly as the registry stores them, through connector {@code id}. */
    public ServerApi.Raw manifest(ConnectorId id, String reference, Optional<Platform> platform) throws IOException {
        return call(Optional.of(id), () -> api.getRaw(imagePath(id, reference, platform) + "&raw=true"));
    }

    private static String imagePath(ConnectorId id, String reference, Optional<Platform> platform) {
        return path(id) + "/image?reference=" + ServerApi.encode(reference)
                + platform.map(p -> "&platform=" + ServerApi.encode(p.toString())).orElse("");
    }

    /** A connector ID as typed; a malformed one is a usage error saying the expected form. */
    public static ConnectorId id(String text) {
        try {
            return ConnectorId.parse(text.strip());
        } catch (RuntimeException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }

    private static String path(ConnectorId id) {
        return PATH + "/" + ServerApi.encode(id.toString());
    }

    private static void secrets(ObjectNode body, Map<String, SecretValue> secrets) {
        ObjectNode x = body.putObject("secrets");
        secrets.forEach((k, v) -> x.put(k, v.reveal()));
    }

    private <T> List<T> all(String prefix, int limit, Function<JsonNode, T> item, Optional<ConnectorId> id)
            throws IOException {
        List<T> found = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            int size = Math.min(PAGE, limit - found.size());
            String url = prefix + "limit=" + size + cursor.map(c -> "&cursor=" + ServerApi.encode(c)).orElse("");
            JsonNode page = call(id, () -> api.get(url));
            for (JsonNode n : page.path("items")) {
                if (found.size() < limit) {
                    found.add(item.apply(n));
                }
            }
            cursor = ConnectorJson.text(page, "next");
        } while (cursor.isPresent() && found.size() < limit);
        return found;
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    /**
     * Runs an API call; the server's problems become what the local connector service throws for the same
     * trouble, with the same sentence (the API's own advice, such as which route to call, left out).
     */
    private static <T> T call(Optional<ConnectorId> id, Call<T> call) throws IOException {
        try {
            return call.run();
        } catch (RemoteProblem p) {
            throw translate(id, p);
        }
    }

    static IOException translate(Optional<ConnectorId> id, RemoteProblem p) {
        JsonNode body = p.body();
        String detail = p.getMessage();
        Failure failure = ConnectorJson.failure(body.path("failure").asText("other"));
        switch (p.status()) {
            case 404:
                if (id.isPresent() && detail.equals(new ConnectorNotFoundException(id.get()).getMessage())) {
                    return new AccessException(Failure.NOT_FOUND, "find connector", id.get().toString(), detail, false,
                            p);
                }
                return new AccessException(Failure.NOT_FOUND, "find", "the server's registry", detail, false, p);
            case 400:
            case 409:
                throw new UsageException(detail, p);
            case 422:
                if (p.type().equals("connector-check-failed")) {
                    JsonNode error = body.path("errors").path(0);
                    return ConnectorJson.checkFailure(failure, ConnectorJson.text(error, "field"),
                            error.path("message").asText(detail), id.map(ConnectorId::toString).orElse("connector"));
                }
                Optional<SecretRequiredException> again = secretsAgain(id, p);
                if (again.isPresent()) {
                    throw new UsageException(again.get().getMessage().replaceAll("\\.$", "") + " with --secret-stdin"
                            + " KEY or --secret-file KEY=PATH", p);
                }
                throw new UsageException(detail, p);
            case 424:
                int advice = detail.indexOf(" Edit connector ");
                return new AccessException(failure, "use connector", id.map(ConnectorId::toString).orElse("connector"),
                        advice > 0 ? detail.substring(0, advice) : detail, false, p);
            default:
                if (body.has("failure")) {
                    return new AccessException(failure, "call", "the registry", detail, false, p);
                }
                return p;
        }
    }

    /**
     * An edit that moves a connector without its secrets: the server names the fields to enter again, and the
     * local exception for it says how to give them on the command line.
     */
    private static Optional<SecretRequiredException> secretsAgain(Optional<ConnectorId> id, RemoteProblem p) {
        List<String> fields = new ArrayList<>();
        for (JsonNode e : p.body().path("errors")) {
            if (!e.path("message").asText("").endsWith("again: the connector's destination changes.")
                    || !e.path("field").isTextual()) {
                return Optional.empty();
            }
            fields.add(e.path("field").asText());
        }
        if (id.isEmpty() || fields.isEmpty()) {
            return Optional.empty();
        }
        SecretRequiredException e = new SecretRequiredException(id.get(), new java.util.TreeSet<>(fields));
        return e.getMessage().equals(p.getMessage()) ? Optional.of(e) : Optional.empty();
    }
}
