package io.whittle.testkit.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.oci.Digest;
import io.whittle.oci.Json;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.TokenIssuer.Access;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GitHub Packages for containers: two hosts.
 * <ul>
 * <li>{@code registry} (ghcr.io): realm {@code /token?service=ghcr.io&scope=…} with Basic username + classic
 * personal access token → {@code {"token"}}; {@code read:packages} pulls, {@code write:packages} pushes,
 * {@code delete:packages} deletes, only in the user's and their organizations' namespaces (public packages are
 * pulled by anyone). {@code _catalog} answers 404 and registry DELETE 405.</li>
 * <li>{@code api} (api.github.com): {@code GET /user/packages?package_type=container},
 * {@code GET /orgs/ORG/packages?package_type=container}, {@code GET …/packages/container/NAME/versions} (versions
 * with {@code metadata.container.tags}), {@code DELETE …/versions/ID}; {@code per_page}/{@code page} with a
 * {@code Link} header; every authenticated answer carries {@code X-OAuth-Scopes} and, for an expiring token,
 * {@code github-authentication-token-expiration}. A request without {@code User-Agent} is refused (403).</li>
 * </ul>
 * A package {@code NAME} of owner {@code OWNER} is the registry repository {@code OWNER/NAME}.
 */
public final class GitHubEmulator extends ProviderEmulator {
    public static final String SERVICE = "ghcr.io";
    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private record Pat(String login, Set<String> scopes, Optional<Instant> expires) {
    }

    private final HttpEndpoint registry;
    private final HttpEndpoint api;
    private final RegistryFront front;
    private final Set<String> users = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<String>> orgMembers = new ConcurrentHashMap<>();
    private final Map<String, Pat> pats = new ConcurrentHashMap<>();
    private final Set<String> publicPackages = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> versionIds = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1000);
    private volatile Duration tokenLifetime = Duration.ofMinutes(5);

    private GitHubEmulator(RegistryBackend backend) {
        super(backend);
        this.registry = endpoint("registry");
        this.api = endpoint("api");
        this.front = new RegistryFront(backend, new Front());
    }

    public static GitHubEmulator start() {
        return started(new GitHubEmulator(RegistryBackend.start(SERVICE, SERVICE)), GitHubEmulator::routes);
    }

    private void routes() {
        registry.on("GET", "/token", this::token);
        front.mount(registry);
        api.gate(GitHubEmulator::requireUserAgent);
        api.on("GET", "/user/packages", c -> listPackages(c, Optional.empty()));
        api.on("GET", "/orgs/([^/]+)/packages", c -> listPackages(c, Optional.of(c.group(1))));
        api.on("GET", "/user/packages/container/([^/]+)/versions", c -> versions(c, Optional.empty()));
        api.on("GET", "/orgs/([^/]+)/packages/container/([^/]+)/versions", c -> versions(c, Optional.of(c.group(1))));
        api.on("DELETE", "/user/packages/container/([^/]+)/versions/(\\d+)", c -> deleteVersion(c, Optional.empty()));
        api.on("DELETE", "/orgs/([^/]+)/packages/container/([^/]+)/versions/(\\d+)",
                c -> deleteVersion(c, Optional.of(c.group(1))));
        api.notFound(path -> githubError(404, "Not Found"));
    }

    @Override
    public HttpEndpoint registryEndpoint() {
        return registry;
    }

    public String realm() {
        return registry.url() + "/token";
    }

    /** The REST API base (api.github.com), {@code http://127.0.0.1:port}. */
    public String apiUrl() {
        return api.url();
    }

    // ---- seeding -------------------------------------------------------------------------------------------

    public GitHubEmulator user(String login) {
        users.add(login);
        return this;
    }

    /** An organization and its members (who may read and write its packages as far as their tokens allow). */
    public GitHubEmulator organization(String org, String... members) {
        orgMembers.computeIfAbsent(org, o -> ConcurrentHashMap.newKeySet()).addAll(List.of(members));
        return this;
    }

    /** A classic PAT ({@code ghp_…}) with scopes such as {@code read:packages}, {@code write:packages}. */
    public String classicToken(String login, Set<String> scopes, Optional<Instant> expires) {
        if (!users.contains(login)) {
            throw new IllegalArgumentException("no user '" + login + "': add it with user(login) first");
        }
        String token = Secrets.random("ghp_", 36);
        pats.put(token, new Pat(login, Set.copyOf(scopes), expires));
        return token;
    }

    /** Makes a package ({@code OWNER/NAME}) public; packages are private by default. */
    public GitHubEmulator makePublic(String repository) {
        publicPackages.add(repository);
        return this;
    }

    /** Lifetime of the registry tokens the realm hands out; default 5 minutes. A negative one hands out expired tokens. */
    public GitHubEmulator registryTokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
        return this;
    }

    private Optional<Pat> pat(String token) {
        Pat p = pats.get(token);
        return p == null || p.expires().filter(e -> e.isBefore(Instant.now())).isPresent() ? Optional.empty()
                : Optional.of(p);
    }

    private boolean owns(String login, String owner) {
        return owner.equals(login) || orgMembers.getOrDefault(owner, Set.of()).contains(login);
    }

    private Set<String> actions(Optional<Pat> pat, String repo) {
        Set<String> out = new HashSet<>();
        if (publicPackages.contains(repo)) {
            out.add("pull");
        }
        String owner = repo.contains("/") ? repo.substring(0, repo.indexOf('/')) : repo;
        if (pat.isEmpty() || !owns(pat.get().login(), owner)) {
            return out;
        }
        Set<String> s = pat.get().scopes();
        if (s.contains("read:packages") || s.contains("write:packages")) {
            out.add("pull");
        }
        if (s.contains("write:packages")) {
            out.add("push");
        }
        if (s.contains("delete:packages")) {
            out.add("delete");
        }
        return out;
    }

    // ---- ghcr.io -------------------------------------------------------------------------------------------

    private Reply token(Call call) {
        Optional<Pat> pat = Optional.empty();
        if (call.header("Authorization").isPresent()) {
            Optional<Credentials> c = call.basic();
            pat = c.flatMap(x -> pat(x.password()).filter(p -> p.login().equals(x.username())));
            if (pat.isEmpty()) {
                return RegistryFront.distributionError(401, "UNAUTHORIZED", "authentication required");
            }
        }
        Optional<Pat> who = pat;
        List<Access> access = Scopes.allowed((type, name) -> type.equals("repository") ? actions(who, name) : Set.of(),
                Scopes.requested(call));
        String token = backend.mint(pat.map(Pat::login).orElse(""), access, tokenLifetime);
        return Reply.json(200, Secrets.tokenBody(token, tokenLifetime, Secrets.TokenShape.TOKEN_ONLY));
    }

    private final class Front implements RegistryFront.Policy {
        @Override
        public Optional<Reply> intercept(Call call, RegistryCall request) {
            if (request.kind().equals("catalog")) {
                return Optional.of(RegistryFront.distributionError(404, "NOT_FOUND", "404 page not found"));
            }
            if (request.method().equals("DELETE")) {
                return Optional.of(RegistryFront.distributionError(405, "UNSUPPORTED",
                        "The operation is unsupported."));
            }
            return Optional.empty();
        }

        @Override
        public String challenge(RegistryCall request, String registryChallenge) {
            return RegistryFront.withRealm(registryChallenge, realm());
        }
    }

    // ---- api.github.com ------------------------------------------------------------------------------------

    private static Optional<Reply> requireUserAgent(Call call) {
        return call.header("User-Agent").filter(s -> !s.isBlank()).isPresent() ? Optional.empty()
                : Optional.of(Reply.text(403, "text/plain", "Request forbidden by administrative rules. Please make"
                + " sure your request has a User-Agent header (https://docs.github.com/en/rest/overview/resources-in"
                + "-the-rest-api#user-agent-required). Check https://developer.github.com for other possible causes."));
    }

    /** The caller's token, or the 401/403 GitHub answers; {@code scope} is the one the call needs. */
    private RegistryFront.Result<Pat> caller(Call call, String scope) {
        Optional<Pat> p = call.authorization("Bearer").or(() -> call.authorization("token")).flatMap(this::pat);
        if (p.isEmpty()) {
            return RegistryFront.Result.fail(githubError(401, "Bad credentials"));
        }
        boolean has = p.get().scopes().contains(scope) || scope.equals("read:packages")
                && p.get().scopes().contains("write:packages");
        if (!has) {
            return RegistryFront.Result.fail(decorate(githubError(403, "You need at least " + scope
                    + " scope to list packages."), p.get()).with("X-Accepted-OAuth-Scopes", scope));
        }
        return RegistryFront.Result.ok(p.get());
    }

    private Reply decorate(Reply r, Pat p) {
        Reply out = r.with("X-OAuth-Scopes", String.join(", ", new TreeSet<>(p.scopes())))
                .with("X-GitHub-Api-Version-Selected", "2022-11-28");
        return p.expires().map(e -> out.with("github-authentication-token-expiration", EXPIRY.format(e)))
                .orElse(out);
    }

    private RegistryFront.Result<String> owner(Pat pat, Optional<String> org) {
        if (org.isEmpty()) {
            return RegistryFront.Result.ok(pat.login());
        }
        if (!orgMembers.containsKey(org.get())) {
            return RegistryFront.Result.fail(githubError(404, "Not Found"));
        }
        return RegistryFront.Result.ok(org.get());
    }

    private Reply listPackages(Call call, Optional<String> org) {
        RegistryFront.Result<Pat> c = caller(call, "read:packages");
        if (c.failed()) {
            return c.reply();
        }
        if (!call.param("package_type").map("container"::equals).orElse(false)) {
            return decorate(githubError(422, "package_type must be one of npm, maven, rubygems, docker, nuget,"
                    + " container"), c.get());
        }
        RegistryFront.Result<String> owner = owner(c.get(), org);
        if (owner.failed()) {
            return owner.reply();
        }
        String o = owner.get();
        boolean member = owns(c.get().login(), o);
        List<String> repos = backend.repositories().stream().filter(r -> r.startsWith(o + "/"))
                .filter(r -> member || publicPackages.contains(r)).toList();
        int perPage = Math.min(100, call.intParam("per_page", 30));
        int page = call.intParam("page", 1);
        Pages.Page<String> p = Pages.numbered(repos, page, perPage);
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (String r : p.items()) {
            String name = r.substring(o.length() + 1);
            ObjectNode n = out.addObject();
            n.put("id", id("package:" + r));
            n.put("name", name);
            n.put("package_type", "container");
            ObjectNode ownerNode = n.putObject("owner");
            ownerNode.put("login", o);
            ownerNode.put("type", orgMembers.containsKey(o) ? "Organization" : "User");
            n.put("version_count", backend.manifestDigests(r).size());
            n.put("visibility", publicPackages.contains(r) ? "public" : "private");
            n.put("url", api.url() + packagePath(org, o) + "/" + name.replace("/", "%2F"));
            n.put("created_at", backend.repositoryTime(r).orElse(Instant.EPOCH).toString());
            n.put("updated_at", backend.repositoryTime(r).orElse(Instant.EPOCH).toString());
        }
        return links(decorate(Reply.json(200, out), c.get()), call, p, page, perPage);
    }

    private static String packagePath(Optional<String> org, String owner) {
        return org.isPresent() ? "/orgs/" + owner + "/packages/container" : "/user/packages/container";
    }

    /** {@code Link} with next and last, as GitHub paginates. */
    private Reply links(Reply r, Call call, Pages.Page<?> p, int page, int perPage) {
        if (!p.hasNext() && page == 1) {
            return r;
        }
        String base = api.url() + call.rawPath() + "?" + (call.param("package_type").isPresent()
                ? "package_type=container&" : "") + "per_page=" + perPage + "&page=";
        int last = Math.max(1, (p.total() + perPage - 1) / perPage);
        StringBuilder link = new StringBuilder();
        if (p.hasNext()) {
            link.append(Pages.link(base + (page + 1), "next")).append(", ");
        }
        if (page > 1) {
            link.append(Pages.link(base + (page - 1), "prev")).append(", ");
        }
        link.append(Pages.link(base + last, "last"));
        return r.with("Link", link.toString());
    }

    private long id(String key) {
        return versionIds.computeIfAbsent(key, k -> nextId.incrementAndGet());
    }

    private Reply versions(Call call, Optional<String> org) {
        RegistryFront.Result<Pat> c = caller(call, "read:packages");
        RegistryFront.Result<String> owner = c.failed() ? RegistryFront.Result.fail(c.reply())
                : owner(c.get(), org);
        if (owner.failed()) {
            return owner.reply();
        }
        String name = org.isPresent() ? call.group(2) : call.group(1);
        String repo = owner.get() + "/" + name;
        if (!actions(Optional.of(c.get()), repo).contains("pull") || backend.manifestDigests(repo).isEmpty()) {
            return decorate(githubError(404, "Package not found."), c.get());
        }
        int perPage = Math.min(100, call.intParam("per_page", 30));
        int page = call.intParam("page", 1);
        Pages.Page<Digest> p = Pages.numbered(backend.manifestDigests(repo), page, perPage);
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (Digest d : p.items()) {
            long id = id(repo + "@" + d);
            String time = backend.manifestTime(repo, d).orElse(Instant.EPOCH).toString();
            ObjectNode n = out.addObject();
            n.put("id", id);
            n.put("name", d.toString());
            n.put("url", api.url() + packagePath(org, owner.get()) + "/" + name.replace("/", "%2F") + "/versions/" + id);
            n.put("created_at", time);
            n.put("updated_at", time);
            ObjectNode meta = n.putObject("metadata");
            meta.put("package_type", "container");
            ArrayNode tags = meta.putObject("container").putArray("tags");
            backend.tagsOf(repo, d).forEach(tags::add);
        }
        return links(decorate(Reply.json(200, out), c.get()), call, p, page, perPage);
    }

    private Reply deleteVersion(Call call, Optional<String> org) {
        RegistryFront.Result<Pat> c = caller(call, "delete:packages");
        RegistryFront.Result<String> owner = c.failed() ? RegistryFront.Result.fail(c.reply())
                : owner(c.get(), org);
        if (owner.failed()) {
            return owner.reply();
        }
        String name = org.isPresent() ? call.group(2) : call.group(1);
        long id = Long.parseLong(org.isPresent() ? call.group(3) : call.group(2));
        String repo = owner.get() + "/" + name;
        if (!actions(Optional.of(c.get()), repo).contains("delete")) {
            return decorate(githubError(404, "Package not found."), c.get());
        }
        Optional<Digest> digest = backend.manifestDigests(repo).stream()
                .filter(d -> Long.valueOf(id).equals(versionIds.get(repo + "@" + d))).findFirst();
        if (digest.isEmpty()) {
            return decorate(githubError(404, "Package version not found."), c.get());
        }
        backend.deleteManifest(repo, digest.get());
        return decorate(Reply.empty(204), c.get());
    }

    private static Reply githubError(int status, String message) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("message", message);
        n.put("documentation_url", "https://docs.github.com/rest/packages/packages");
        n.put("status", String.valueOf(status));
        return Reply.json(status, n);
    }

    @Override
    public String toString() {
        return "GitHubEmulator[registry " + registry.url() + ", api " + api.url() + "]";
    }
}
