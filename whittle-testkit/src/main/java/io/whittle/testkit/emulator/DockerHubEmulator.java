package io.whittle.testkit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.oci.Digest;
import io.whittle.oci.Json;
import io.whittle.oci.Platform;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.TokenIssuer.Access;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Docker Hub: three hosts as in production.
 * <ul>
 * <li>{@code auth} (auth.docker.io): {@code GET /token?service=registry.docker.io&scope=…} with Basic account +
 * password or access token; anonymous pulls of public repositories.</li>
 * <li>{@code registry} (registry-1.docker.io): the real registry behind a front that answers 405 to DELETE,
 * counts manifest GETs (not HEADs) against a pull limit and reports it in {@code ratelimit-limit} /
 * {@code ratelimit-remaining}, answering 429 once it is used up.</li>
 * <li>{@code hub} (hub.docker.com): {@code POST /v2/auth/token {identifier, secret}} → a short-lived
 * {@code access_token}; {@code GET /v2/namespaces/{ns}/repositories?page&page_size} (page_size ≤ 100, {@code next});
 * {@code GET /v2/repositories/{ns}/{repo}/tags?page&page_size}; {@code DELETE /v2/repositories/{ns}/{repo}/tags/{tag}/}.</li>
 * </ul>
 * Every host answers 403 to a request without {@code User-Agent}. Private repositories are hidden from listings
 * unless the caller owns the namespace, is a member of the organization, or holds an organization access token
 * with the repository-list scope.
 */
public final class DockerHubEmulator extends ProviderEmulator {
    /** The registry's service name, which tokens carry as their audience. */
    public static final String SERVICE = "registry.docker.io";

    /** What a personal access token may do, as Docker Hub offers it. */
    public enum Scope {
        /** Public repositories only, read. */
        PUBLIC_READ(Set.of()),
        /** Read. */
        READ(Set.of("pull")),
        /** Read and write. */
        WRITE(Set.of("pull", "push")),
        /** Read, write and delete. */
        ADMIN(Set.of("pull", "push", "delete"));

        private final Set<String> actions;

        Scope(Set<String> actions) {
            this.actions = actions;
        }

        /** The registry actions the scope allows on a private repository the account may use. */
        public Set<String> actions() {
            return actions;
        }
    }

    private record Account(String name, String password) {
    }

    private record PersonalToken(String user, Scope scope, Optional<Instant> expires) {
    }

    /**
     * An organization access token: the organization logs in with it; {@code listRepositories} is the hub
     * scope that shows private repositories; {@code repositories} maps repository globs to registry actions.
     */
    private record OrgToken(String org, boolean listRepositories, Map<String, Set<String>> repositories,
                            Optional<Instant> expires) {
    }

    /** Who a request is: an account (password or personal token) or an organization token. */
    private record Principal(String name, boolean organization, Optional<Scope> scope, Optional<OrgToken> orgToken) {
    }

    private record HubSession(Principal principal, Instant expires) {
    }

    private final HttpEndpoint registry;
    private final HttpEndpoint auth;
    private final HttpEndpoint hub;
    private final RegistryFront front;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, PersonalToken> personalTokens = new ConcurrentHashMap<>();
    private final Map<String, OrgToken> orgTokens = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Scope>> orgMembers = new ConcurrentHashMap<>();
    private final Map<String, Boolean> privateRepos = new ConcurrentHashMap<>();
    private final Map<String, HubSession> hubSessions = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> pulls = new ConcurrentHashMap<>();
    private volatile int pullLimit = 100;
    private volatile Duration registryTokenLifetime = Duration.ofMinutes(5);
    private volatile Duration hubTokenLifetime = Duration.ofMinutes(10);

    private DockerHubEmulator(RegistryBackend backend) {
        super(backend);
        this.registry = endpoint("registry");
        this.auth = endpoint("auth");
        this.hub = endpoint("hub");
        this.front = new RegistryFront(backend, new Front());
    }

    /** Starts the registry and the three hosts. */
    public static DockerHubEmulator start() {
        return started(new DockerHubEmulator(RegistryBackend.start(SERVICE, "auth.docker.io")), DockerHubEmulator::routes);
    }

    private void routes() {
        for (HttpEndpoint e : List.of(registry, auth, hub)) {
            e.gate(DockerHubEmulator::requireUserAgent);
        }
        front.mount(registry);
        auth.on("GET", "/token", this::token);
        hub.on("POST", "/v2/auth/token/?", this::hubLogin);
        hub.on("GET", "/v2/namespaces/([^/]+)/repositories/?", this::listRepositories);
        hub.on("GET", "/v2/repositories/([^/]+)/([^/]+)/tags/?", this::listTags);
        hub.on("DELETE", "/v2/repositories/([^/]+)/([^/]+)/tags/([^/]+)/?", this::deleteTag);
        hub.notFound(path -> hubError(404, "object not found"));
    }

    // ---- addresses -----------------------------------------------------------------------------------------

    @Override
    public HttpEndpoint registryEndpoint() {
        return registry;
    }

    /** {@code http://127.0.0.1:port} of the token service (auth.docker.io). */
    public String authUrl() {
        return auth.url();
    }

    /** The realm the registry names in its challenges. */
    public String realm() {
        return auth.url() + "/token";
    }

    /** {@code http://127.0.0.1:port} of the Hub API (hub.docker.com). */
    public String hubUrl() {
        return hub.url();
    }

    // ---- seeding -------------------------------------------------------------------------------------------

    /** Adds an account with a password (which also logs in everywhere, with every scope). */
    public DockerHubEmulator account(String name, String password) {
        accounts.put(name, new Account(name, Objects.requireNonNull(password)));
        return this;
    }

    /** Creates a personal access token ({@code dckr_pat_…}) for an account; returns it. */
    public String personalAccessToken(String account, Scope scope) {
        return personalAccessToken(account, scope, Optional.empty());
    }

    /** Creates a personal access token that expires (or expired) at {@code expires}; returns it. */
    public String personalAccessToken(String account, Scope scope, Optional<Instant> expires) {
        requireAccount(account);
        String token = Secrets.random("dckr_pat_", 27);
        personalTokens.put(token, new PersonalToken(account, scope, expires));
        return token;
    }

    /** Makes {@code account} a member of {@code org} with at most {@code permission} on the organization's repositories. */
    public DockerHubEmulator member(String org, String account, Scope permission) {
        requireAccount(account);
        orgMembers.computeIfAbsent(org, o -> new ConcurrentHashMap<>()).put(account, permission);
        return this;
    }

    /**
     * Creates an organization access token ({@code dckr_oat_…}); the organization name is its login. Without
     * {@code listRepositories} the Hub API hides the organization's private repositories from it.
     *
     * @param repositories repository globs (e.g. {@code acme/*}) to registry actions (pull, push, delete)
     */
    public String organizationAccessToken(String org, boolean listRepositories, Map<String, Set<String>> repositories) {
        orgMembers.computeIfAbsent(org, o -> new ConcurrentHashMap<>());
        String token = Secrets.random("dckr_oat_", 27);
        orgTokens.put(token, new OrgToken(org, listRepositories, Map.copyOf(repositories), Optional.empty()));
        return token;
    }

    /** Declares a repository ({@code ns/name}) private or public; repositories never declared are public. */
    public DockerHubEmulator visibility(String repository, boolean isPrivate) {
        privateRepos.put(repository, isPrivate);
        return this;
    }

    /** Pulls (manifest GETs) allowed per account (or per anonymous client) in the window; default 100. */
    public DockerHubEmulator pullLimit(int limit) {
        this.pullLimit = limit;
        return this;
    }

    /** Lifetime of registry tokens from the auth host; default 5 minutes. */
    public DockerHubEmulator registryTokenLifetime(Duration lifetime) {
        this.registryTokenLifetime = lifetime;
        return this;
    }

    /** Lifetime of Hub API access tokens; default 10 minutes. */
    public DockerHubEmulator hubTokenLifetime(Duration lifetime) {
        this.hubTokenLifetime = lifetime;
        return this;
    }

    /** Pulls counted so far for an account, organization, or {@code anonymous}. */
    public int pullsCounted(String who) {
        return Optional.ofNullable(pulls.get(who)).map(AtomicInteger::get).orElse(0);
    }

    /** Whether a repository is private (declared so with {@link #visibility}). */
    public boolean isPrivate(String repository) {
        return privateRepos.getOrDefault(repository, false);
    }

    private void requireAccount(String account) {
        if (!accounts.containsKey(account)) {
            throw new IllegalArgumentException("no account '" + account + "': add it with account(name, password) first");
        }
    }

    // ---- who is asking -------------------------------------------------------------------------------------

    private Optional<Principal> login(String identifier, String secret) {
        Account a = accounts.get(identifier);
        if (a != null && a.password().equals(secret)) {
            return Optional.of(new Principal(identifier, false, Optional.of(Scope.ADMIN), Optional.empty()));
        }
        PersonalToken pat = personalTokens.get(secret);
        if (pat != null && pat.user().equals(identifier) && notExpired(pat.expires())) {
            return Optional.of(new Principal(identifier, false, Optional.of(pat.scope()), Optional.empty()));
        }
        OrgToken oat = orgTokens.get(secret);
        if (oat != null && oat.org().equals(identifier) && notExpired(oat.expires())) {
            return Optional.of(new Principal(identifier, true, Optional.empty(), Optional.of(oat)));
        }
        return Optional.empty();
    }

    private static boolean notExpired(Optional<Instant> expires) {
        return expires.map(e -> e.isAfter(Instant.now())).orElse(true);
    }

    /** The registry actions a principal (or anonymous) may take on a repository. */
    private Set<String> actions(Optional<Principal> who, String repo) {
        Set<String> out = new HashSet<>();
        boolean isPublic = !isPrivate(repo);
        if (isPublic) {
            out.add("pull");
        }
        if (who.isEmpty()) {
            return out;
        }
        Principal p = who.get();
        String ns = repo.contains("/") ? repo.substring(0, repo.indexOf('/')) : "library";
        if (p.orgToken().isPresent()) {
            OrgToken t = p.orgToken().get();
            if (ns.equals(t.org())) {
                t.repositories().forEach((glob, acts) -> {
                    if (Scopes.glob(glob).matcher(repo).matches()) {
                        out.addAll(acts);
                    }
                });
            }
            return out;
        }
        Scope scope = p.scope().orElseThrow();
        if (scope == Scope.PUBLIC_READ) {
            return out;
        }
        if (ns.equals(p.name())) {
            out.addAll(scope.actions());
        } else {
            Scope member = orgMembers.getOrDefault(ns, Map.of()).get(p.name());
            if (member != null) {
                scope.actions().stream().filter(member.actions()::contains).forEach(out::add);
            }
        }
        return out;
    }

    /** Whether the principal sees the namespace's private repositories in Hub listings. */
    private boolean seesPrivate(Optional<Principal> who, String ns) {
        if (who.isEmpty()) {
            return false;
        }
        Principal p = who.get();
        if (p.orgToken().isPresent()) {
            return p.orgToken().get().org().equals(ns) && p.orgToken().get().listRepositories();
        }
        if (p.scope().orElseThrow() == Scope.PUBLIC_READ) {
            return false;
        }
        return ns.equals(p.name()) || orgMembers.getOrDefault(ns, Map.of()).containsKey(p.name());
    }

    // ---- auth.docker.io ------------------------------------------------------------------------------------

    private Reply token(Call call) {
        Optional<Principal> who = Optional.empty();
        if (call.header("Authorization").isPresent()) {
            Optional<Credentials> c = call.basic();
            who = c.flatMap(x -> login(x.username(), x.password()));
            if (who.isEmpty()) {
                ObjectNode n = Json.MAPPER.createObjectNode();
                n.put("details", "incorrect username or password");
                return Reply.json(401, n);
            }
        }
        if (!call.param("service").map(SERVICE::equals).orElse(false)) {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("details", "service must be " + SERVICE);
            return Reply.json(400, n);
        }
        Optional<Principal> principal = who;
        List<Access> access = Scopes.allowed((type, name) -> type.equals("repository")
                ? actions(principal, name) : Set.of(), Scopes.requested(call));
        String subject = who.map(Principal::name).orElse("");
        String token = backend.mint(subject, access, registryTokenLifetime);
        return Reply.json(200, Secrets.tokenBody(token, registryTokenLifetime, Secrets.TokenShape.BOTH));
    }

    // ---- registry-1.docker.io ------------------------------------------------------------------------------

    private final class Front implements RegistryFront.Policy {
        @Override
        public Optional<Reply> intercept(Call call, RegistryCall request) {
            if (request.method().equals("DELETE")) {
                return Optional.of(RegistryFront.distributionError(405, "UNSUPPORTED",
                        "The operation is unsupported."));
            }
            if (request.kind().equals("manifests") && request.method().equals("GET")) {
                String who = front.token(call).map(RegistryBackend.VerifiedToken::subject).filter(s -> !s.isEmpty())
                        .orElse("anonymous");
                if (pullsCounted(who) >= pullLimit) {
                    return Optional.of(RegistryFront.distributionError(429, "TOOMANYREQUESTS",
                            "You have reached your pull rate limit. You may increase the limit by authenticating"
                                    + " and upgrading: https://www.docker.com/increase-rate-limit")
                            .with("ratelimit-limit", pullLimit + ";w=21600")
                            .with("ratelimit-remaining", "0;w=21600"));
                }
            }
            return Optional.empty();
        }

        @Override
        public String challenge(RegistryCall request, String registryChallenge) {
            return RegistryFront.withRealm(registryChallenge, realm());
        }

        @Override
        public Reply adjust(Call call, RegistryCall request, Reply reply) {
            if (!request.kind().equals("manifests") || reply.status() != 200) {
                return reply;
            }
            String who = front.token(call).map(RegistryBackend.VerifiedToken::subject).filter(s -> !s.isEmpty())
                    .orElse("anonymous");
            int used = request.method().equals("GET")
                    ? pulls.computeIfAbsent(who, w -> new AtomicInteger()).incrementAndGet() : pullsCounted(who);
            return reply.with("ratelimit-limit", pullLimit + ";w=21600")
                    .with("ratelimit-remaining", Math.max(0, pullLimit - used) + ";w=21600")
                    .with("docker-ratelimit-source", who);
        }
    }

    // ---- hub.docker.com ------------------------------------------------------------------------------------

    private static Optional<Reply> requireUserAgent(Call call) {
        if (call.header("User-Agent").filter(s -> !s.isBlank()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(Reply.text(403, "text/html", "<html><body><h1>403 Forbidden</h1>Request forbidden by"
                + " administrative rules: send a User-Agent header.</body></html>"));
    }

    private Reply hubLogin(Call call) {
        JsonNode body = call.json();
        String identifier = body.path("identifier").asText("");
        String secret = body.path("secret").asText("");
        if (identifier.isEmpty() || secret.isEmpty()) {
            return hubError(400, "identifier and secret are required");
        }
        Optional<Principal> who = login(identifier, secret);
        if (who.isEmpty()) {
            return hubError(401, "Incorrect authentication credentials");
        }
        String token = Secrets.random("hub.", 48);
        hubSessions.put(token, new HubSession(who.get(), Instant.now().plus(hubTokenLifetime)));
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("access_token", token);
        return Reply.json(200, n);
    }

    /** The caller of a Hub API request: anonymous without a token, a failure with a bad or expired one. */
    private RegistryFront.Result<Optional<Principal>> hubCaller(Call call) {
        Optional<String> bearer = call.bearer();
        if (call.header("Authorization").isEmpty()) {
            return RegistryFront.Result.ok(Optional.empty());
        }
        HubSession s = bearer.map(hubSessions::get).orElse(null);
        if (s == null) {
            return RegistryFront.Result.fail(hubError(401, "Authentication credentials were not provided or are invalid"));
        }
        if (s.expires().isBefore(Instant.now())) {
            return RegistryFront.Result.fail(hubError(401, "access token has expired"));
        }
        return RegistryFront.Result.ok(Optional.of(s.principal()));
    }

    private Reply listRepositories(Call call) {
        RegistryFront.Result<Optional<Principal>> caller = hubCaller(call);
        if (caller.failed()) {
            return caller.reply();
        }
        String ns = call.group(1);
        int page = call.intParam("page", 1);
        int size = call.intParam("page_size", 10);
        if (size < 1 || size > 100) {
            return hubError(400, "page_size must be between 1 and 100");
        }
        boolean seesPrivate = seesPrivate(caller.get(), ns);
        List<String> names = backend.repositories().stream().filter(r -> r.startsWith(ns + "/"))
                .filter(r -> r.indexOf('/', ns.length() + 1) < 0)
                .filter(r -> seesPrivate || !isPrivate(r)).toList();
        Pages.Page<String> p = Pages.numbered(names, page, size);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("count", p.total());
        String base = hub.url() + "/v2/namespaces/" + ns + "/repositories?page_size=" + size + "&page=";
        pageLinks(out, base, page, p.hasNext());
        ArrayNode results = out.putArray("results");
        for (String r : p.items()) {
            ObjectNode n = results.addObject();
            n.put("name", r.substring(ns.length() + 1));
            n.put("namespace", ns);
            n.put("repository_type", "image");
            n.put("status", 1);
            n.put("status_description", "active");
            n.put("description", "");
            n.put("is_private", isPrivate(r));
            n.put("star_count", 0);
            n.put("pull_count", 0);
            n.put("last_updated", backend.repositoryTime(r).orElse(Instant.EPOCH).toString());
            n.put("date_registered", backend.repositoryTime(r).orElse(Instant.EPOCH).toString());
            n.put("affiliation", "");
            n.putArray("media_types");
            n.putArray("content_types").add("image");
        }
        return Reply.json(200, out);
    }

    private Reply listTags(Call call) {
        RegistryFront.Result<Optional<Principal>> caller = hubCaller(call);
        if (caller.failed()) {
            return caller.reply();
        }
        String repo = call.group(1) + "/" + call.group(2);
        if (!actions(caller.get(), repo).contains("pull") || backend.tags(repo).isEmpty()
                && !backend.repositories().contains(repo)) {
            return hubError(404, "object not found");
        }
        int page = call.intParam("page", 1);
        int size = call.intParam("page_size", 10);
        if (size < 1 || size > 100) {
            return hubError(400, "page_size must be between 1 and 100");
        }
        Pages.Page<String> p = Pages.numbered(backend.tags(repo), page, size);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("count", p.total());
        String base = hub.url() + "/v2/repositories/" + repo + "/tags?page_size=" + size + "&page=";
        pageLinks(out, base, page, p.hasNext());
        ArrayNode results = out.putArray("results");
        for (String tag : p.items()) {
            Optional<Digest> digest = backend.tagDigest(repo, tag);
            Optional<RegistryBackend.ImageSummary> summary = digest.flatMap(d -> backend.describe(repo, d));
            ObjectNode n = results.addObject();
            n.put("name", tag);
            n.put("repository", repo);
            n.put("tag_status", "active");
            n.put("v2", true);
            n.put("last_updated", backend.tagTime(repo, tag).orElse(Instant.EPOCH).toString());
            n.put("tag_last_pushed", backend.tagTime(repo, tag).orElse(Instant.EPOCH).toString());
            n.put("content_type", "image");
            if (summary.isPresent()) {
                RegistryBackend.ImageSummary s = summary.get();
                n.put("digest", s.digest().toString());
                n.put("media_type", s.mediaType());
                n.put("full_size", s.totalSize());
                ArrayNode images = n.putArray("images");
                for (Platform pl : s.platforms()) {
                    ObjectNode i = images.addObject();
                    i.put("architecture", pl.architecture());
                    i.put("os", pl.os());
                    pl.variant().ifPresentOrElse(v -> i.put("variant", v), () -> i.putNull("variant"));
                    i.put("size", s.platforms().size() == 1 ? s.totalSize() : 0);
                    i.put("status", "active");
                }
            }
        }
        return Reply.json(200, out);
    }

    private Reply deleteTag(Call call) throws IOException {
        RegistryFront.Result<Optional<Principal>> caller = hubCaller(call);
        if (caller.failed()) {
            return caller.reply();
        }
        if (caller.get().isEmpty()) {
            return hubError(401, "Authentication credentials were not provided or are invalid");
        }
        String repo = call.group(1) + "/" + call.group(2);
        Set<String> may = actions(caller.get(), repo);
        if (!may.contains("delete")) {
            return hubError(may.contains("pull") ? 403 : 404, may.contains("pull")
                    ? "the access token does not allow deleting: it needs the Read, Write, Delete scope"
                    : "object not found");
        }
        if (!backend.untag(repo, call.group(3))) {
            return hubError(404, "tag " + call.group(3) + " not found");
        }
        return Reply.empty(204);
    }

    /** Hub's {@code next} and {@code previous}: full URLs, or null at either end. */
    private static void pageLinks(ObjectNode out, String base, int page, boolean hasNext) {
        if (hasNext) {
            out.put("next", base + (page + 1));
        } else {
            out.putNull("next");
        }
        if (page > 1) {
            out.put("previous", base + (page - 1));
        } else {
            out.putNull("previous");
        }
    }

    private static Reply hubError(int status, String detail) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("detail", detail);
        n.put("message", detail);
        return Reply.json(status, n);
    }

    @Override
    public String toString() {
        return "DockerHubEmulator[registry " + registry.url() + ", auth " + auth.url() + ", hub " + hub.url() + "]";
    }
}
