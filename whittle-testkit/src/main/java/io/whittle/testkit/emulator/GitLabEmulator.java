package io.whittle.testkit.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.oci.Digest;
import io.whittle.oci.Json;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.TokenIssuer.Access;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GitLab's container registry: two hosts.
 * <ul>
 * <li>{@code gitlab} (gitlab.com): realm {@code /jwt/auth?service=container_registry&scope=…} with Basic username +
 * personal access token ({@code read_registry} pulls, {@code write_registry} pushes, as far as the user's role in
 * the project allows) or a deploy token; short-lived registry JWTs. REST {@code /api/v4} with {@code PRIVATE-TOKEN}
 * or Bearer, needing {@code read_api} or {@code api}: {@code GET /projects?membership=true},
 * {@code GET /projects/:id/registry/repositories}, {@code …/repositories/:rid/tags}, {@code …/tags/:tag},
 * {@code DELETE …/tags/:tag} ({@code api} scope, Developer or more); pages with {@code page}/{@code per_page} and
 * {@code X-Next-Page}, {@code X-Total}, {@code Link}. Deploy tokens get 401 on the REST API.</li>
 * <li>{@code registry} (registry.gitlab.com): repositories are a project's path or a path under it.</li>
 * </ul>
 */
public final class GitLabEmulator extends ProviderEmulator {
    public static final String SERVICE = "container_registry";

    /** A member's role in a project. */
    public enum Role {
        GUEST(10), REPORTER(20), DEVELOPER(30), MAINTAINER(40), OWNER(50);

        private final int level;

        Role(int level) {
            this.level = level;
        }

        public int level() {
            return level;
        }
    }

    private record Project(long id, String path, Instant created, Map<String, Role> members) {
    }

    /** A personal access token, or a deploy token (one project, no REST). */
    private record Token(String username, Set<String> scopes, Optional<Instant> expires, Optional<String> deployProject) {
        boolean live() {
            return expires.map(e -> e.isAfter(Instant.now())).orElse(true);
        }
    }

    private final HttpEndpoint gitlab;
    private final HttpEndpoint registry;
    private final RegistryFront front;
    private final Set<String> users = ConcurrentHashMap.newKeySet();
    private final Map<String, Project> projects = new ConcurrentHashMap<>();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, Long> repositoryIds = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(100);
    private volatile Duration registryTokenLifetime = Duration.ofMinutes(5);

    private GitLabEmulator(RegistryBackend backend) {
        super(backend);
        this.gitlab = endpoint("gitlab");
        this.registry = endpoint("registry");
        this.front = new RegistryFront(backend, new Front());
    }

    public static GitLabEmulator start() {
        return started(new GitLabEmulator(RegistryBackend.start(SERVICE, "gitlab-issuer")), GitLabEmulator::routes);
    }

    private void routes() {
        front.mount(registry);
        gitlab.on("GET", "/jwt/auth", this::token);
        gitlab.on("GET", "/api/v4/projects", this::listProjects);
        gitlab.on("GET", "/api/v4/projects/([^/]+)/registry/repositories", this::listRepositories);
        gitlab.on("GET", "/api/v4/projects/([^/]+)/registry/repositories/(\\d+)/tags", this::listTags);
        gitlab.on("GET", "/api/v4/projects/([^/]+)/registry/repositories/(\\d+)/tags/([^/]+)", this::tagDetails);
        gitlab.on("DELETE", "/api/v4/projects/([^/]+)/registry/repositories/(\\d+)/tags/([^/]+)", this::deleteTag);
        gitlab.notFound(path -> gitlabError(404, "404 Not Found"));
    }

    @Override
    public HttpEndpoint registryEndpoint() {
        return registry;
    }

    /** {@code http://127.0.0.1:port} of the GitLab instance (REST and realm). */
    public String gitlabUrl() {
        return gitlab.url();
    }

    public String realm() {
        return gitlab.url() + "/jwt/auth";
    }

    // ---- seeding -------------------------------------------------------------------------------------------

    public GitLabEmulator user(String username) {
        users.add(username);
        return this;
    }

    /** Creates a project {@code group/name}; returns its numeric id. */
    public long project(String path) {
        return projects.computeIfAbsent(path, p -> new Project(ids.incrementAndGet(), p, Instant.now(),
                new ConcurrentHashMap<>())).id();
    }

    public GitLabEmulator member(String projectPath, String username, Role role) {
        Project p = projects.get(projectPath);
        if (p == null || !users.contains(username)) {
            throw new IllegalArgumentException("create project '" + projectPath + "' and user '" + username + "' first");
        }
        p.members().put(username, role);
        return this;
    }

    /** A personal access token ({@code glpat-…}) with scopes such as read_registry, write_registry, read_api, api. */
    public String personalAccessToken(String username, Set<String> scopes, Optional<Instant> expires) {
        String token = Secrets.random("glpat-", 20);
        tokens.put(token, new Token(username, Set.copyOf(scopes), expires, Optional.empty()));
        return token;
    }

    /** A deploy token for one project; returns its login ({@code gitlab+deploy-token-N}) and secret. */
    public Credentials deployToken(String projectPath, Set<String> scopes) {
        String user = "gitlab+deploy-token-" + ids.incrementAndGet();
        String token = Secrets.random("gldt-", 20);
        tokens.put(token, new Token(user, Set.copyOf(scopes), Optional.empty(), Optional.of(projectPath)));
        return Credentials.of(user, token);
    }

    /** Lifetime of registry JWTs; default 5 minutes (GitLab's default), as short as a test needs. */
    public GitLabEmulator registryTokenLifetime(Duration lifetime) {
        this.registryTokenLifetime = lifetime;
        return this;
    }

    /** The project a registry repository belongs to: the longest project path it starts with. */
    private Optional<Project> projectOf(String repo) {
        return projects.values().stream().filter(p -> repo.equals(p.path()) || repo.startsWith(p.path() + "/"))
                .max(Comparator.comparingInt(p -> p.path().length()));
    }

    private Set<String> actions(Optional<Token> t, String repo) {
        Set<String> out = new HashSet<>();
        Optional<Project> p = projectOf(repo);
        if (t.isEmpty() || p.isEmpty()) {
            return out;
        }
        Set<String> s = t.get().scopes();
        if (t.get().deployProject().isPresent()) {
            if (t.get().deployProject().get().equals(p.get().path())) {
                if (s.contains("read_registry")) {
                    out.add("pull");
                }
                if (s.contains("write_registry")) {
                    out.add("push");
                }
            }
            return out;
        }
        int level = Optional.ofNullable(p.get().members().get(t.get().username())).map(Role::level).orElse(0);
        if (s.contains("read_registry") && level >= Role.REPORTER.level()) {
            out.add("pull");
        }
        if (s.contains("write_registry") && level >= Role.DEVELOPER.level()) {
            out.add("push");
        }
        if ((s.contains("write_registry") || s.contains("api")) && level >= Role.MAINTAINER.level()) {
            out.add("delete");
        }
        return out;
    }

    // ---- registry auth -------------------------------------------------------------------------------------

    private Reply token(Call call) {
        Optional<Token> who = Optional.empty();
        if (call.header("Authorization").isPresent()) {
            Optional<Credentials> c = call.basic();
            who = c.flatMap(x -> Optional.ofNullable(tokens.get(x.password()))
                    .filter(t -> t.username().equals(x.username()))).filter(Token::live);
            if (who.isEmpty()) {
                return RegistryFront.distributionError(401, "UNAUTHORIZED", "HTTP Basic: Access denied. If a password"
                        + " was provided for Git authentication, it was not correct, or you need a personal access"
                        + " token.");
            }
        }
        Optional<Token> t = who;
        List<Access> access = Scopes.allowed((type, n) -> type.equals("repository") ? actions(t, n) : Set.of(),
                Scopes.requested(call));
        String token = backend.mint(who.map(Token::username).orElse(""), access, registryTokenLifetime);
        return Reply.json(200, Secrets.tokenBody(token, registryTokenLifetime, Secrets.TokenShape.TOKEN_ONLY));
    }

    private final class Front implements RegistryFront.Policy {
        @Override
        public String challenge(RegistryCall request, String registryChallenge) {
            return RegistryFront.withRealm(registryChallenge, realm());
        }
    }

    // ---- REST ----------------------------------------------------------------------------------------------

    private RegistryFront.Result<Token> caller(Call call, boolean write) {
        Optional<Token> t = call.header("PRIVATE-TOKEN").or(call::bearer).map(tokens::get).filter(Token::live);
        if (t.isEmpty() || t.get().deployProject().isPresent()) {
            return RegistryFront.Result.fail(gitlabError(401, "401 Unauthorized"));
        }
        Set<String> s = t.get().scopes();
        boolean ok = s.contains("api") || !write && s.contains("read_api");
        if (!ok) {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("error", "insufficient_scope");
            n.put("error_description", "The request requires higher privileges than provided by the access token.");
            n.put("scope", write ? "api" : "api read_api");
            return RegistryFront.Result.fail(Reply.json(403, n));
        }
        return RegistryFront.Result.ok(t.get());
    }

    private Optional<Project> project(Call call, Token t) {
        String key = call.group(1);
        Optional<Project> p = key.matches("\\d+")
                ? projects.values().stream().filter(x -> String.valueOf(x.id()).equals(key)).findFirst()
                : Optional.ofNullable(projects.get(key));
        return p.filter(x -> x.members().containsKey(t.username()));
    }

    /** Offset pagination with GitLab's headers. */
    private <T> Reply paged(Call call, List<T> all, java.util.function.Function<T, ObjectNode> render) {
        int perPage = Math.min(100, Math.max(1, call.intParam("per_page", 20)));
        int page = Math.max(1, call.intParam("page", 1));
        Pages.Page<T> p = Pages.numbered(all, page, perPage);
        ArrayNode out = Json.MAPPER.createArrayNode();
        p.items().forEach(i -> out.add(render.apply(i)));
        int totalPages = Math.max(1, (p.total() + perPage - 1) / perPage);
        String base = gitlab.url() + call.rawPath() + "?" + call.rawQuery().replaceAll("(^|&)(page|per_page)=[^&]*", "")
                .replaceAll("^&", "");
        String sep = base.endsWith("?") ? "" : "&";
        Reply r = Reply.json(200, out).with("X-Page", String.valueOf(page)).with("X-Per-Page", String.valueOf(perPage))
                .with("X-Total", String.valueOf(p.total())).with("X-Total-Pages", String.valueOf(totalPages))
                .with("X-Next-Page", p.hasNext() ? String.valueOf(page + 1) : "")
                .with("X-Prev-Page", page > 1 ? String.valueOf(page - 1) : "");
        List<String> links = new ArrayList<>();
        if (p.hasNext()) {
            links.add(Pages.link(base + sep + "page=" + (page + 1) + "&per_page=" + perPage, "next"));
        }
        links.add(Pages.link(base + sep + "page=1&per_page=" + perPage, "first"));
        links.add(Pages.link(base + sep + "page=" + totalPages + "&per_page=" + perPage, "last"));
        return r.with("Link", String.join(", ", links));
    }

    private Reply listProjects(Call call) {
        RegistryFront.Result<Token> t = caller(call, false);
        if (t.failed()) {
            return t.reply();
        }
        String user = t.get().username();
        List<Project> mine = projects.values().stream().filter(p -> p.members().containsKey(user))
                .sorted(Comparator.comparingLong(Project::id)).toList();
        return paged(call, mine, p -> {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("id", p.id());
            n.put("name", p.path().substring(p.path().lastIndexOf('/') + 1));
            n.put("path", p.path().substring(p.path().lastIndexOf('/') + 1));
            n.put("path_with_namespace", p.path());
            n.put("container_registry_enabled", true);
            n.put("container_registry_image_prefix", registry.hostPort() + "/" + p.path());
            n.put("web_url", gitlab.url() + "/" + p.path());
            n.put("created_at", p.created().toString());
            return n;
        });
    }

    private long repositoryId(String repo) {
        return repositoryIds.computeIfAbsent(repo, r -> ids.incrementAndGet());
    }

    private Optional<String> repositoryById(Project p, long id) {
        return backend.repositories().stream().filter(r -> projectOf(r).filter(p::equals).isPresent())
                .filter(r -> repositoryId(r) == id).findFirst();
    }

    private Reply listRepositories(Call call) {
        RegistryFront.Result<Token> t = caller(call, false);
        if (t.failed()) {
            return t.reply();
        }
        Optional<Project> p = project(call, t.get());
        if (p.isEmpty()) {
            return gitlabError(404, "404 Project Not Found");
        }
        List<String> repos = backend.repositories().stream().filter(r -> projectOf(r).filter(p.get()::equals)
                .isPresent()).toList();
        return paged(call, repos, r -> {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("id", repositoryId(r));
            n.put("name", r.equals(p.get().path()) ? "" : r.substring(p.get().path().length() + 1));
            n.put("path", r);
            n.put("project_id", p.get().id());
            n.put("location", registry.hostPort() + "/" + r);
            n.put("created_at", backend.repositoryTime(r).orElse(Instant.EPOCH).toString());
            n.putNull("cleanup_policy_started_at");
            return n;
        });
    }

    private RegistryFront.Result<String> repository(Call call, boolean write) {
        RegistryFront.Result<Token> t = caller(call, write);
        if (t.failed()) {
            return RegistryFront.Result.fail(t.reply());
        }
        Optional<Project> p = project(call, t.get());
        if (p.isEmpty()) {
            return RegistryFront.Result.fail(gitlabError(404, "404 Project Not Found"));
        }
        if (write && p.get().members().get(t.get().username()).level() < Role.DEVELOPER.level()) {
            return RegistryFront.Result.fail(gitlabError(403, "403 Forbidden"));
        }
        return repositoryById(p.get(), Long.parseLong(call.group(2))).map(RegistryFront.Result::ok)
                .orElseGet(() -> RegistryFront.Result.fail(gitlabError(404, "404 Repository Not Found")));
    }

    private Reply listTags(Call call) {
        RegistryFront.Result<String> repo = repository(call, false);
        if (repo.failed()) {
            return repo.reply();
        }
        String r = repo.get();
        return paged(call, backend.tags(r), tag -> {
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("name", tag);
            n.put("path", r + ":" + tag);
            n.put("location", registry.hostPort() + "/" + r + ":" + tag);
            return n;
        });
    }

    private Reply tagDetails(Call call) {
        RegistryFront.Result<String> repo = repository(call, false);
        if (repo.failed()) {
            return repo.reply();
        }
        String r = repo.get();
        String tag = call.group(3);
        Optional<Digest> d = backend.tagDigest(r, tag);
        if (d.isEmpty()) {
            return gitlabError(404, "404 Tag Not Found");
        }
        Optional<RegistryBackend.ImageSummary> s = backend.describe(r, d.get());
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("name", tag);
        n.put("path", r + ":" + tag);
        n.put("location", registry.hostPort() + "/" + r + ":" + tag);
        n.put("revision", d.get().hex());
        n.put("short_revision", d.get().hex().substring(0, 9));
        n.put("digest", d.get().toString());
        n.put("created_at", backend.tagTime(r, tag).orElse(Instant.EPOCH).toString());
        n.put("total_size", s.map(RegistryBackend.ImageSummary::totalSize).orElse(0L));
        return Reply.json(200, n);
    }

    private Reply deleteTag(Call call) {
        RegistryFront.Result<String> repo = repository(call, true);
        if (repo.failed()) {
            return repo.reply();
        }
        return backend.untag(repo.get(), call.group(3)) ? Reply.empty(200) : gitlabError(404, "404 Tag Not Found");
    }

    private static Reply gitlabError(int status, String message) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("message", message);
        return Reply.json(status, n);
    }

    @Override
    public String toString() {
        return "GitLabEmulator[gitlab " + gitlab.url() + ", registry " + registry.url() + "]";
    }
}
