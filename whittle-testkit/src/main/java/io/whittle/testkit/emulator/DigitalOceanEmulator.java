package io.whittle.testkit.emulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.oci.Digest;
import io.whittle.oci.Json;
import io.whittle.testkit.Credentials;
import io.whittle.testkit.TokenIssuer.Access;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * DigitalOcean Container Registry: two hosts.
 * <ul>
 * <li>{@code api} (api.digitalocean.com), Bearer API token with {@code read} and/or {@code write} scopes and an
 * optional expiry: {@code GET /v2/registry}; {@code GET /v2/registry/docker-credentials?read_write=&expiry_seconds=}
 * (a docker config.json; read_write needs write); {@code GET /v2/registry/NAME/repositoriesV2?per_page&page_token};
 * {@code GET /v2/registry/NAME/repositories/REPO/tags?per_page&page} (REPO with {@code /} as {@code %2F});
 * {@code DELETE …/tags/TAG} and {@code …/digests/DIGEST}. The registry's realm is {@code /v2/registry/auth} here
 * too.</li>
 * <li>{@code registry} (registry.digitalocean.com): repositories {@code NAME/REPO}; Basic with the
 * docker-credentials token (as user and password) or the API token itself.</li>
 * </ul>
 */
public final class DigitalOceanEmulator extends ProviderEmulator {
    public static final String SERVICE = "registry.digitalocean.com";

    private record ApiToken(Set<String> scopes, Optional<Instant> expires) {
        boolean live() {
            return expires.map(e -> e.isAfter(Instant.now())).orElse(true);
        }
    }

    private final String name;
    private final HttpEndpoint api;
    private final HttpEndpoint registry;
    private final RegistryFront front;
    private final Instant created = Instant.now();
    private final Map<String, ApiToken> apiTokens = new ConcurrentHashMap<>();
    private final Map<String, ApiToken> dockerTokens = new ConcurrentHashMap<>();
    private volatile Duration tokenLifetime = Duration.ofMinutes(5);

    private DigitalOceanEmulator(RegistryBackend backend, String name) {
        super(backend);
        this.name = name;
        this.api = endpoint("api");
        this.registry = endpoint("registry");
        this.front = new RegistryFront(backend, new Front());
    }

    /** A registry called {@code name}. */
    public static DigitalOceanEmulator start(String name) {
        return started(new DigitalOceanEmulator(RegistryBackend.start(SERVICE, SERVICE), name),
                DigitalOceanEmulator::routes);
    }

    private void routes() {
        front.mount(registry);
        api.on("GET", "/v2/registry/auth", this::token);
        api.on("GET", "/v2/registry", this::registryInfo);
        api.on("GET", "/v2/registry/docker-credentials", this::dockerCredentials);
        api.on("GET", "/v2/registry/([^/]+)/repositoriesV2", this::repositories);
        api.on("GET", "/v2/registry/([^/]+)/repositories/([^/]+)/tags", this::tags);
        api.on("DELETE", "/v2/registry/([^/]+)/repositories/([^/]+)/tags/([^/]+)", this::deleteTag);
        api.on("DELETE", "/v2/registry/([^/]+)/repositories/([^/]+)/digests/([^/]+)", this::deleteDigest);
        api.notFound(path -> doError(404, "not_found", "The resource you were accessing could not be found."));
    }

    @Override
    public HttpEndpoint registryEndpoint() {
        return registry;
    }

    public String apiUrl() {
        return api.url();
    }

    public String realm() {
        return api.url() + "/v2/registry/auth";
    }

    /** The registry's name, the first path segment of its repositories. */
    public String name() {
        return name;
    }

    /** A personal access token ({@code dop_v1_…}) with {@code read} and/or {@code write}, expiring or not. */
    public String apiToken(Set<String> scopes, Optional<Instant> expires) {
        String token = Secrets.random("dop_v1_", 64).toLowerCase(java.util.Locale.ROOT);
        apiTokens.put(token, new ApiToken(Set.copyOf(scopes), expires));
        return token;
    }

    /** Lifetime of the registry tokens the realm hands out; default 5 minutes. A negative one hands out expired tokens. */
    public DigitalOceanEmulator registryTokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
        return this;
    }

    private Set<String> actions(Optional<ApiToken> t, String repo) {
        Set<String> out = new HashSet<>();
        if (t.isEmpty() || !repo.startsWith(name + "/")) {
            return out;
        }
        if (t.get().scopes().contains("read") || t.get().scopes().contains("write")) {
            out.add("pull");
        }
        if (t.get().scopes().contains("write")) {
            out.add("push");
            out.add("delete");
        }
        return out;
    }

    // ---- registry auth -------------------------------------------------------------------------------------

    private Reply token(Call call) {
        Optional<ApiToken> who = Optional.empty();
        if (call.header("Authorization").isPresent()) {
            Optional<Credentials> c = call.basic();
            who = c.flatMap(x -> Optional.ofNullable(dockerTokens.get(x.password()))
                    .or(() -> Optional.ofNullable(apiTokens.get(x.password())))).filter(ApiToken::live);
            if (who.isEmpty()) {
                return RegistryFront.distributionError(401, "UNAUTHORIZED", "authentication required");
            }
        }
        Optional<ApiToken> t = who;
        List<Access> access = Scopes.allowed((type, n) -> type.equals("repository") ? actions(t, n) : Set.of(),
                Scopes.requested(call));
        String token = backend.mint("", access, tokenLifetime);
        return Reply.json(200, Secrets.tokenBody(token, tokenLifetime, Secrets.TokenShape.TOKEN_ONLY));
    }

    private final class Front implements RegistryFront.Policy {
        @Override
        public String challenge(RegistryCall request, String registryChallenge) {
            return RegistryFront.withRealm(registryChallenge, realm());
        }
    }

    // ---- API -----------------------------------------------------------------------------------------------

    private RegistryFront.Result<ApiToken> caller(Call call, String scope) {
        Optional<ApiToken> t = call.bearer().map(apiTokens::get);
        if (t.isEmpty() || !t.get().live()) {
            return RegistryFront.Result.fail(doError(401, "unauthorized", "Unable to authenticate you"));
        }
        if (!t.get().scopes().contains(scope)) {
            return RegistryFront.Result.fail(doError(403, "forbidden", "You are not authorized to perform this"
                    + " operation"));
        }
        return RegistryFront.Result.ok(t.get());
    }

    /** Refuses a call on this registry without a live token holding {@code scope}, or naming another registry. */
    private Optional<Reply> guard(Call call, String scope) {
        RegistryFront.Result<ApiToken> c = caller(call, scope);
        if (c.failed()) {
            return c.failure();
        }
        return call.group(1).equals(name) ? Optional.empty()
                : Optional.of(doError(404, "not_found", "The resource you were accessing could not be found."));
    }

    private Reply registryInfo(Call call) {
        RegistryFront.Result<ApiToken> c = caller(call, "read");
        if (c.failed()) {
            return c.reply();
        }
        ObjectNode out = Json.MAPPER.createObjectNode();
        ObjectNode r = out.putObject("registry");
        r.put("name", name);
        r.put("storage_usage_bytes", 0);
        r.put("storage_usage_bytes_updated_at", Instant.now().toString());
        r.put("created_at", created.toString());
        r.put("region", "fra1");
        return Reply.json(200, out);
    }

    private Reply dockerCredentials(Call call) {
        boolean readWrite = call.param("read_write").map("true"::equals).orElse(false);
        RegistryFront.Result<ApiToken> c = caller(call, readWrite ? "write" : "read");
        if (c.failed()) {
            return c.reply();
        }
        int expiry = call.intParam("expiry_seconds", 0);
        String token = Secrets.random("", 64).toLowerCase(java.util.Locale.ROOT);
        dockerTokens.put(token, new ApiToken(readWrite ? Set.of("read", "write") : Set.of("read"),
                expiry > 0 ? Optional.of(Instant.now().plusSeconds(expiry)) : Optional.empty()));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.putObject("auths").putObject(registry.hostPort()).put("auth", Base64.getEncoder()
                .encodeToString((token + ":" + token).getBytes(StandardCharsets.UTF_8)));
        return Reply.json(200, out);
    }

    private Reply repositories(Call call) {
        Optional<Reply> refused = guard(call, "read");
        if (refused.isPresent()) {
            return refused.get();
        }
        int perPage = Math.min(200, Math.max(1, call.intParam("per_page", 20)));
        List<String> repos = backend.repositories().stream().filter(r -> r.startsWith(name + "/")).toList();
        String listing = "repositoriesV2/" + name;
        Pages.Page<String> page = Pages.slice(repos, Pages.offset(listing, call.param("page_token")), perPage);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("repositories");
        for (String r : page.items()) {
            ObjectNode n = list.addObject();
            String repo = r.substring(name.length() + 1);
            n.put("registry_name", name);
            n.put("name", repo);
            List<Digest> digests = backend.manifestDigests(r);
            n.put("tag_count", backend.tags(r).size());
            n.put("manifest_count", digests.size());
            if (!digests.isEmpty()) {
                n.set("latest_manifest", manifestJson(r, repo, digests.getFirst()));
            }
        }
        ObjectNode pages = out.putObject("links").putObject("pages");
        page.next().ifPresent(next -> pages.put("next", api.url() + "/v2/registry/" + name
                + "/repositoriesV2?per_page=" + perPage + "&page_token=" + Pages.token(listing, next)));
        out.putObject("meta").put("total", page.total());
        return Reply.json(200, out);
    }

    private ObjectNode manifestJson(String fullRepo, String repo, Digest d) {
        Optional<RegistryBackend.ImageSummary> s = backend.describe(fullRepo, d);
        ObjectNode m = Json.MAPPER.createObjectNode();
        m.put("digest", d.toString());
        m.put("registry_name", name);
        m.put("repository", repo);
        m.put("compressed_size_bytes", s.map(RegistryBackend.ImageSummary::totalSize).orElse(0L));
        m.put("size_bytes", s.map(RegistryBackend.ImageSummary::totalSize).orElse(0L));
        m.put("updated_at", backend.manifestTime(fullRepo, d).orElse(Instant.EPOCH).toString());
        ArrayNode tags = m.putArray("tags");
        backend.tagsOf(fullRepo, d).forEach(tags::add);
        m.putArray("blobs");
        return m;
    }

    private Reply tags(Call call) {
        Optional<Reply> refused = guard(call, "read");
        if (refused.isPresent()) {
            return refused.get();
        }
        String repo = call.group(2);
        String full = name + "/" + repo;
        int perPage = Math.min(200, Math.max(1, call.intParam("per_page", 20)));
        int pageNo = call.intParam("page", 1);
        Pages.Page<String> page = Pages.numbered(backend.tags(full), pageNo, perPage);
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode list = out.putArray("tags");
        for (String tag : page.items()) {
            Optional<Digest> d = backend.tagDigest(full, tag);
            Optional<RegistryBackend.ImageSummary> s = d.flatMap(x -> backend.describe(full, x));
            ObjectNode n = list.addObject();
            n.put("registry_name", name);
            n.put("repository", repo);
            n.put("tag", tag);
            d.ifPresent(x -> n.put("manifest_digest", x.toString()));
            n.put("compressed_size_bytes", s.map(RegistryBackend.ImageSummary::totalSize).orElse(0L));
            n.put("size_bytes", s.map(RegistryBackend.ImageSummary::totalSize).orElse(0L));
            n.put("updated_at", backend.tagTime(full, tag).orElse(Instant.EPOCH).toString());
        }
        ObjectNode pages = out.putObject("links").putObject("pages");
        String encoded = repo.replace("/", "%2F");
        page.next().ifPresent(next -> pages.put("next", api.url() + "/v2/registry/" + name + "/repositories/"
                + encoded + "/tags?per_page=" + perPage + "&page=" + (pageNo + 1)));
        out.putObject("meta").put("total", page.total());
        return Reply.json(200, out);
    }

    private Reply deleteTag(Call call) {
        Optional<Reply> refused = guard(call, "write");
        if (refused.isPresent()) {
            return refused.get();
        }
        return backend.untag(name + "/" + call.group(2), call.group(3)) ? Reply.empty(204)
                : doError(404, "not_found", "tag not found");
    }

    private Reply deleteDigest(Call call) {
        Optional<Reply> refused = guard(call, "write");
        if (refused.isPresent()) {
            return refused.get();
        }
        String digest = call.group(3);
        if (!Digest.isDigest(digest)) {
            return doError(422, "unprocessable_entity", "'" + digest + "' is not a digest");
        }
        return backend.deleteManifest(name + "/" + call.group(2), Digest.parse(digest)) ? Reply.empty(204)
                : doError(404, "not_found", "manifest not found");
    }

    private static Reply doError(int status, String id, String message) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", id);
        n.put("message", message);
        n.put("request_id", java.util.UUID.randomUUID().toString());
        return Reply.json(status, n);
    }

    @Override
    public String toString() {
        return "DigitalOceanEmulator[" + name + ", api " + api.url() + ", registry " + registry.url() + "]";
    }
}
