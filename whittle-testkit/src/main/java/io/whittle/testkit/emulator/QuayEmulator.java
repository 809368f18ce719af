package io.whittle.testkit.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.oci.Digest;
import io.whittle.oci.Json;
import io.whittle.oci.MediaType;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.TokenIssuer.Access;
import io.whittle.testkit.TokenIssuer.Grant;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Red Hat Quay on one host, as quay.io serves it:
 * <ul>
 * <li>{@code /v2/auth?service=quay.io&scope=…}: Basic robot {@code namespace+name} + robot token (anonymous for
 * public repositories) → {@code {"token"}}.</li>
 * <li>{@code /v2/…}: the real registry; {@code _catalog} lists only what the credential may pull, {@code n} capped at
 * 100, {@code Link: </v2/_catalog?n=N&next_page=T>; rel="next"}; a manifest PUT answers 202; a manifest DELETE by
 * tag removes that tag (202).</li>
 * <li>{@code /api/v1/…} with an OAuth application token as Bearer: {@code GET /api/v1/repository?namespace=X}
 * ({@code next_page}), {@code GET /api/v1/repository/NS/REPO/tag/?limit&page&onlyActiveTags=true}
 * ({@code has_additional}), {@code DELETE /api/v1/repository/NS/REPO/tag/TAG}.</li>
 * </ul>
 */
public final class QuayEmulator extends ProviderEmulator {
    public static final String SERVICE = "quay.io";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z",
            java.util.Locale.ROOT).withZone(ZoneOffset.UTC);

    private record Robot(String name, String token, List<Grant> grants) {
    }

    /** An OAuth application token acting in one namespace with {@code repo:read}, {@code repo:write} scopes. */
    private record AppToken(String namespace, Set<String> scopes) {
    }

    private final HttpEndpoint host;
    private final RegistryFront front;
    private final Map<String, Robot> robots = new ConcurrentHashMap<>();
    private final Map<String, AppToken> appTokens = new ConcurrentHashMap<>();
    private final Map<String, Boolean> publicRepos = new ConcurrentHashMap<>();
    private volatile int restPageSize = 100;
    private volatile boolean manifestPutAccepted = true;
    private volatile Duration tokenLifetime = Duration.ofHours(1);

    private QuayEmulator(RegistryBackend backend) {
        super(backend);
        this.host = endpoint("registry");
        this.front = new RegistryFront(backend, new Front());
    }

    public static QuayEmulator start() {
        return started(new QuayEmulator(RegistryBackend.start(SERVICE, SERVICE)), QuayEmulator::routes);
    }

    private void routes() {
        host.on("GET", "/v2/auth", this::token); // before the front, which takes the rest of /v2/
        front.mount(host);
        host.on("GET", "/api/v1/repository", this::listRepositories);
        host.on("GET", "/api/v1/repository/([^/]+)/([^/]+)/tag/?", this::listTags);
        host.on("DELETE", "/api/v1/repository/([^/]+)/([^/]+)/tag/([^/]+)", this::deleteTag);
    }

    @Override
    public HttpEndpoint registryEndpoint() {
        return host;
    }

    /** The realm, {@code http://127.0.0.1:port/v2/auth}. */
    public String realm() {
        return host.url() + "/v2/auth";
    }

    /** The REST API base, the same host: {@code http://127.0.0.1:port}. */
    public String apiUrl() {
        return host.url();
    }

    // ---- seeding -------------------------------------------------------------------------------------------

    /**
     * Creates a robot account {@code namespace+name} with these grants (Quay's read is pull, write is pull and
     * push, admin adds delete); returns its login.
     */
    public Credentials robot(String namespace, String name, Grant... grants) {
        String login = namespace + "+" + name;
        String token = Secrets.random("", 64).toUpperCase(java.util.Locale.ROOT);
        robots.put(login, new Robot(login, token, List.of(grants)));
        return Credentials.of(login, token);
    }

    /** Creates an OAuth application token for a namespace with scopes such as {@code repo:read}, {@code repo:write}. */
    public String applicationToken(String namespace, String... scopes) {
        String token = Secrets.random("", 40);
        appTokens.put(token, new AppToken(namespace, Set.of(scopes)));
        return token;
    }

    /** Makes a repository public (pullable anonymously, listed to everyone); repositories are private by default. */
    public QuayEmulator makePublic(String repository) {
        publicRepos.put(repository, true);
        return this;
    }

    /** Page size of the REST repository listing; Quay uses 100. */
    public QuayEmulator restPageSize(int size) {
        this.restPageSize = size;
        return this;
    }

    /** Whether a manifest PUT answers 202 (as Quay does) instead of the registry's 201; default true. */
    public QuayEmulator manifestPutAccepted(boolean accepted) {
        this.manifestPutAccepted = accepted;
        return this;
    }

    /** Lifetime of the registry tokens the realm hands out; default 1 hour. A negative one hands out expired tokens. */
    public QuayEmulator registryTokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
        return this;
    }

    private boolean isPublic(String repo) {
        return publicRepos.getOrDefault(repo, false);
    }

    private Set<String> actions(Optional<Robot> robot, String type, String repo) {
        Set<String> out = new java.util.HashSet<>();
        if (type.equals("repository") && isPublic(repo)) {
            out.add("pull");
        }
        robot.ifPresent(r -> r.grants().forEach(g -> g.actions().forEach(a -> {
            if (Scopes.allows(g, type, repo, a)) {
                out.add(a);
            }
        })));
        if (type.equals("registry")) {
            out.add("*"); // the catalog is filtered per credential, so anyone may ask for it
        }
        return out;
    }

    // ---- registry ------------------------------------------------------------------------------------------

    private Reply token(Call call) {
        Optional<Robot> robot = Optional.empty();
        if (call.header("Authorization").isPresent()) {
            Optional<Credentials> c = call.basic();
            robot = c.map(x -> robots.get(x.username())).filter(r -> r.token().equals(c.get().password()));
            if (robot.isEmpty()) {
                return quayError(401, "invalid_token", "Invalid Username or Password");
            }
        }
        Optional<Robot> who = robot;
        List<Access> access = Scopes.allowed((type, name) -> actions(who, type, name), Scopes.requested(call));
        String token = backend.mint(robot.map(Robot::name).orElse(""), access, tokenLifetime);
        return Reply.json(200, Secrets.tokenBody(token, tokenLifetime, Secrets.TokenShape.TOKEN_ONLY));
    }

    private final class Front implements RegistryFront.Policy {
        @Override
        public Optional<Reply> intercept(Call call, RegistryCall request) {
            if (request.kind().equals("catalog")) {
                RegistryFront.Result<RegistryBackend.VerifiedToken> t = front.require(call, request, request.needed());
                return Optional.of(t.failed() ? t.reply() : catalog(call, t.get().subject()));
            }
            if (request.kind().equals("manifests") && request.method().equals("DELETE") && request.byTag()) {
                RegistryFront.Result<RegistryBackend.VerifiedToken> t = front.require(call, request, request.needed());
                if (t.failed()) {
                    return Optional.of(t.reply());
                }
                return Optional.of(backend.untag(request.repo(), request.reference().orElseThrow()) ? Reply.empty(202)
                        : RegistryFront.distributionError(404, "MANIFEST_UNKNOWN", "manifest unknown"));
            }
            return Optional.empty();
        }

        @Override
        public String challenge(RegistryCall request, String registryChallenge) {
            return RegistryFront.withRealm(registryChallenge, realm());
        }

        @Override
        public Reply adjust(Call call, RegistryCall request, Reply reply) {
            boolean manifestPut = request.kind().equals("manifests") && request.method().equals("PUT");
            return manifestPut && reply.status() == 201 && manifestPutAccepted ? reply.withStatus(202) : reply;
        }
    }

    private Reply catalog(Call call, String subject) {
        Optional<Robot> robot = Optional.ofNullable(robots.get(subject));
        List<String> visible = backend.repositories().stream()
                .filter(r -> actions(robot, "repository", r).contains("pull")).toList();
        int n = Math.min(100, Math.max(1, call.intParam("n", 100)));
        String listing = "catalog/" + subject;
        Pages.Page<String> page = Pages.slice(visible, Pages.offset(listing, call.param("next_page")), n);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode repos = out.putArray("repositories");
        page.items().forEach(repos::add);
        Reply reply = Reply.json(200, out);
        if (page.hasNext()) {
            reply = reply.with("Link", Pages.link("/v2/_catalog?n=" + n + "&next_page="
                    + Pages.token(listing, page.next().get()), "next"));
        }
        return reply;
    }

    // ---- REST API ------------------------------------------------------------------------------------------

    private RegistryFront.Result<AppToken> app(Call call, String namespace, String scope) {
        Optional<AppToken> t = call.bearer().map(appTokens::get);
        if (t.isEmpty()) {
            return RegistryFront.Result.fail(quayError(401, "invalid_token", "Requires authentication"));
        }
        boolean scoped = t.get().scopes().contains(scope) || scope.equals("repo:read")
                && (t.get().scopes().contains("repo:write") || t.get().scopes().contains("repo:admin"))
                || scope.equals("repo:write") && t.get().scopes().contains("repo:admin");
        if (!t.get().namespace().equals(namespace) || !scoped) {
            return RegistryFront.Result.fail(quayError(403, "insufficient_scope", "Unauthorized"));
        }
        return RegistryFront.Result.ok(t.get());
    }

    private Reply listRepositories(Call call) {
        String ns = call.param("namespace").orElse("");
        if (ns.isEmpty()) {
            return quayError(400, "invalid_request", "namespace, public or starred must be given");
        }
        RegistryFront.Result<AppToken> app = app(call, ns, "repo:read");
        if (app.failed()) {
            return app.reply();
        }
        List<String> repos = backend.repositories().stream().filter(r -> r.startsWith(ns + "/")).toList();
        String listing = "repos/" + ns;
        Pages.Page<String> page = Pages.slice(repos, Pages.offset(listing, call.param("next_page")), restPageSize);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("repositories");
        for (String r : page.items()) {
            ObjectNode n = list.addObject();
            n.put("namespace", ns);
            n.put("name", r.substring(ns.length() + 1));
            n.putNull("description");
            n.put("is_public", isPublic(r));
            n.put("kind", "image");
            n.put("state", "NORMAL");
            n.put("is_starred", false);
        }
        page.next().ifPresent(next -> out.put("next_page", Pages.token(listing, next)));
        return Reply.json(200, out);
    }

    private Reply listTags(Call call) {
        String ns = call.group(1);
        String repo = ns + "/" + call.group(2);
        RegistryFront.Result<AppToken> app = app(call, ns, "repo:read");
        if (app.failed()) {
            return app.reply();
        }
        int limit = call.intParam("limit", 50);
        if (limit < 1 || limit > 100) {
            return quayError(400, "invalid_request", "limit must be between 1 and 100");
        }
        int page = call.intParam("page", 1);
        Pages.Page<String> p = Pages.numbered(backend.tags(repo), page, limit);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode tags = out.putArray("tags");
        for (String tag : p.items()) {
            Optional<Digest> d = backend.tagDigest(repo, tag);
            Optional<RegistryBackend.ImageSummary> s = d.flatMap(x -> backend.describe(repo, x));
            Instant time = backend.tagTime(repo, tag).orElse(Instant.EPOCH);
            ObjectNode n = tags.addObject();
            n.put("name", tag);
            n.put("reversion", false);
            n.put("start_ts", time.getEpochSecond());
            d.ifPresent(x -> n.put("manifest_digest", x.toString()));
            n.put("is_manifest_list", s.map(x -> MediaType.isIndex(x.mediaType())).orElse(false));
            n.put("size", s.map(RegistryBackend.ImageSummary::totalSize).orElse(0L));
            n.put("last_modified", HTTP_DATE.format(time));
        }
        out.put("page", page);
        out.put("has_additional", p.hasNext());
        return Reply.json(200, out);
    }

    private Reply deleteTag(Call call) {
        String ns = call.group(1);
        String repo = ns + "/" + call.group(2);
        RegistryFront.Result<AppToken> app = app(call, ns, "repo:write");
        if (app.failed()) {
            return app.reply();
        }
        return backend.untag(repo, call.group(3)) ? Reply.empty(204) : quayError(404, "not_found", "Not Found");
    }

    private static Reply quayError(int status, String type, String detail) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("status", status);
        n.put("error_message", detail);
        n.put("title", type);
        n.put("error_type", type);
        n.put("detail", detail);
        n.put("type", "https://quay.io/api/v1/error/" + type);
        return Reply.json(status, n);
    }

    @Override
    public String toString() {
        return "QuayEmulator[" + host.url() + "]";
    }
}
