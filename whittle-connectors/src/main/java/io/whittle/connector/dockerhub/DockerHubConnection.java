package io.whittle.connector.dockerhub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.whittle.connector.ApiFailures;
import io.whittle.connector.CheckResult;
import io.whittle.connector.ConnectorCheckException;
import io.whittle.connector.Endpoints;
import io.whittle.connector.CommonFields;
import io.whittle.connector.CredentialFields;
import io.whittle.connector.FixedHostConnection;
import io.whittle.connector.IssuedCredential;
import io.whittle.connector.PageTokens;
import io.whittle.connector.ProviderApi;
import io.whittle.connector.ProviderContext;
import io.whittle.connector.RepositoryInfo;
import io.whittle.connector.RepositoryPage;
import io.whittle.connector.TagInfo;
import io.whittle.connector.TagPage;
import io.whittle.connector.http.ApiJson;
import io.whittle.connector.http.RestRequest;
import io.whittle.connector.http.RestResponse;
import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import io.whittle.oci.Json;
import io.whittle.oci.MediaType;
import io.whittle.oci.Platform;
import io.whittle.platform.connector.Access;
import io.whittle.platform.connector.RateLimit;
import io.whittle.platform.secret.SecretValue;
import io.whittle.registry.auth.Challenge;
import io.whittle.registry.auth.Credential;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

final class DockerHubConnection extends FixedHostConnection {
    /** Hub API tokens last about ten minutes; renew well before. */
    private static final Duration HUB_TOKEN_LIFE = Duration.ofMinutes(5);

    private final URI hub;
    private final ProviderApi hubApi;
    private final Optional<String> username;
    private final Optional<SecretValue> token;
    private final Optional<String> organization;
    private final Object hubLock = new Object();
    private String hubToken;
    private Instant hubTokenUntil = Instant.EPOCH;

    DockerHubConnection(ProviderContext context, String registry, URI hub, Optional<String> username,
                        Optional<SecretValue> token, Optional<String> organization) {
        super(context, new CredentialFields(CommonFields.TOKEN, "Docker ID and access token",
                CommonFields.REGISTRY), registry);
        this.hub = hub;
        this.hubApi = new ProviderApi(context.rest(), hub, req -> hubToken().ifPresent(req::bearer),
                ProviderApi.Refusals.NONE);
        this.username = username.map(u -> u.toLowerCase(Locale.ROOT));
        this.token = token;
        this.organization = organization;
    }

    /** The login: the organization for an organization access token, else the Docker ID. */
    private Optional<String> identifier() {
        boolean orgToken = token.map(t -> t.reveal().strip().startsWith(DockerHubProvider.ORG_TOKEN_PREFIX))
                .orElse(false);
        return orgToken ? organization : username;
    }

    /** Whose repositories are listed: the organization, the account, or the official images when anonymous. */
    private String namespace() {
        return organization.or(() -> username).orElse("library");
    }

    @Override
    protected IssuedCredential issue() {
        if (token.isEmpty() || identifier().isEmpty()) {
            return IssuedCredential.lasting(Credential.ANONYMOUS);
        }
        return IssuedCredential.basic(identifier().get(), token.get());
    }

    // ---- Hub API ------------------------------------------------------------------------------------------

    private boolean signsIn() {
        return token.isPresent() && identifier().isPresent();
    }

    /** The Hub API token, signing in when there is none or it is about to expire; empty when anonymous. */
    private Optional<String> hubToken() throws IOException {
        if (!signsIn()) {
            return Optional.empty();
        }
        synchronized (hubLock) {
            if (hubToken != null && context.clock().instant().isBefore(hubTokenUntil)) {
                return Optional.of(hubToken);
            }
            ObjectNode body = Json.MAPPER.createObjectNode();
            body.put("identifier", identifier().get());
            body.put("secret", token.get().reveal().strip());
            RestResponse r = context.rest().send(RestRequest.of("POST", "sign in to", hub.getHost(),
                    URI.create(hub + "/v2/auth/token")).json(body.toString()).maxBody(RestRequest.SMALL_BODY));
            if (r.status() == 401 || r.status() == 403) {
                throw ConnectorCheckException.of(Failure.UNAUTHORIZED, CommonFields.TOKEN, "sign in to",
                        hub.getHost(), "Docker Hub did not accept the Docker ID and access token: check both, and"
                        + " that the token has not expired or been revoked.");
            }
            if (!r.ok()) {
                throw ApiFailures.of(r, Optional.empty(), "sign in to", hub.getHost(), "try again later");
            }
            String t = r.json("sign in to", hub.getHost()).path("access_token").asText("");
            if (t.isEmpty()) {
                throw new AccessException(Failure.UNSUPPORTED, "sign in to", hub.getHost(), "sign in to "
                        + hub.getHost() + ": the answer held no access token: check the Hub API URL");
            }
            hubToken = t;
            hubTokenUntil = context.clock().instant().plus(HUB_TOKEN_LIFE);
            return Optional.of(t);
        }
    }

    /** A Hub API call, signed in when there are credentials; an expired Hub token is renewed once, transparently. */
    private RestResponse hubCall(String method, String operation, String subject, String pathAndQuery)
            throws IOException {
        RestResponse r = hubApi.call(method, operation, subject, pathAndQuery);
        if (r.status() == 401 && signsIn()) {
            synchronized (hubLock) {
                hubToken = null;
            }
            r = hubApi.call(method, operation, subject, pathAndQuery);
        }
        return r;
    }

    @Override
    public CheckResult check() throws IOException {
        CheckResult standard = super.check();
        return organization.isPresent() ? standard : standard.withNote("Only the repositories of " + namespace()
                + " are listed; enter an organization to list its repositories.");
    }

    /** The anonymous connector is read-only by nature: no upload is tried. */
    @Override
    protected Access probeAccess(RepositoryPage first, List<String> notes) throws IOException {
        return token.isEmpty() ? Access.READ_ONLY : super.probeAccess(first, notes);
    }

    @Override
    public RepositoryPage repositories(Optional<String> pageToken, int pageSize) throws IOException {
        int page = PageTokens.number(pageToken);
        int size = PageTokens.size(pageSize, 100);
        String ns = namespace();
        RestResponse r = hubCall("GET", "list repositories", ns, "/v2/namespaces/" + PageTokens.enc(ns)
                + "/repositories?page=" + page + "&page_size=" + size);
        if (r.status() == 404) {
            throw ConnectorCheckException.of(Failure.NOT_FOUND, organization.isPresent()
                    ? DockerHubProvider.ORGANIZATION : CommonFields.USERNAME, "list repositories", ns,
                    "Docker Hub has no namespace " + ns + ": check the " + (organization.isPresent() ? "organization"
                    : "Docker ID") + ".");
        }
        if (r.status() == 401 || r.status() == 403) {
            throw ConnectorCheckException.of(Failure.DENIED, CommonFields.TOKEN, "list repositories", ns,
                    "Docker Hub refused to list the repositories of " + ns + ": give the access token at least"
                    + " Read access" + (organization.isPresent() ? ", and for an organization token the permission"
                    + " to list repositories" : "") + ".");
        }
        JsonNode body = ApiFailures.requireOk(r, "list repositories", ns, "try again later")
                .json("list repositories", ns);
        List<RepositoryInfo> items = new ArrayList<>();
        for (JsonNode n : body.path("results")) {
            items.add(new RepositoryInfo(n.path("namespace").asText(ns) + "/" + n.path("name").asText(),
                    ApiJson.instant(n.path("last_updated")), n.has("is_private") ? Optional.of(n.path("is_private")
                    .asBoolean()) : Optional.empty()));
        }
        return new RepositoryPage(items, PageTokens.after(page, ApiJson.text(body.path("next")).isPresent()));
    }

    /** {@code ns/name}, or {@code library/name} for an official image named without a namespace. */
    private static String[] split(String repository) throws AccessException {
        String repo = repository.contains("/") ? repository : "library/" + repository;
        int slash = repo.indexOf('/');
        if (repo.indexOf('/', slash + 1) >= 0) {
            throw new AccessException(Failure.INVALID, "list tags", repository, "Docker Hub repositories are"
                    + " NAMESPACE/NAME, and " + repository + " has more parts: check the name.");
        }
        return new String[] {repo.substring(0, slash), repo.substring(slash + 1)};
    }

    @Override
    public TagPage tags(String repository, Optional<String> pageToken, int pageSize) throws IOException {
        String[] nsName = split(repository);
        int page = PageTokens.number(pageToken);
        int size = PageTokens.size(pageSize, 100);
        String subject = registry + "/" + nsName[0] + "/" + nsName[1];
        RestResponse r = hubCall("GET", "list tags", subject, "/v2/repositories/" + PageTokens.enc(nsName[0]) + "/"
                + PageTokens.enc(nsName[1]) + "/tags?page=" + page + "&page_size=" + size);
        if (!r.ok()) {
            throw ApiFailures.of(r, Optional.empty(), "list tags", subject, r.status() == 404
                    ? "check the repository name; Docker Hub also answers 404 for private repositories the token"
                    + " may not read" : "try again later");
        }
        JsonNode body = r.json("list tags", subject);
        List<TagInfo> items = new ArrayList<>();
        for (JsonNode n : body.path("results")) {
            List<Platform> platforms = new ArrayList<>();
            for (JsonNode i : n.path("images")) {
                String os = i.path("os").asText("");
                String arch = i.path("architecture").asText("");
                if (!os.isEmpty() && !arch.isEmpty() && !arch.equals("unknown")) {
                    String variant = i.path("variant").isTextual() ? i.path("variant").asText() : "";
                    platforms.add(variant.isEmpty() ? Platform.of(os, arch) : Platform.of(os, arch, variant));
                }
            }
            items.add(new TagInfo(n.path("name").asText(), ApiJson.digest(n.path("digest")),
                    ApiJson.text(n.path("media_type")), platforms, ApiJson.number(n.path("full_size")),
                    ApiJson.instant(n.path("tag_last_pushed")).or(() -> ApiJson.instant(n.path("last_updated")))));
        }
        return new TagPage(items, PageTokens.after(page, ApiJson.text(body.path("next")).isPresent()));
    }

    /** The registry refuses DELETE (405); the Hub API deletes the tag. */
    @Override
    public void deleteTag(String repository, String tag) throws IOException {
        String[] nsName = split(repository);
        String subject = registry + "/" + nsName[0] + "/" + nsName[1] + ":" + tag;
        if (token.isEmpty()) {
            throw new AccessException(Failure.DENIED, "delete tag", subject, "delete tag " + subject + ": the"
                    + " anonymous Docker Hub connector is read-only: use a connector with an access token.");
        }
        RestResponse r = hubCall("DELETE", "delete tag", subject, "/v2/repositories/" + PageTokens.enc(nsName[0])
                + "/" + PageTokens.enc(nsName[1]) + "/tags/" + PageTokens.enc(tag) + "/");
        if (r.ok()) {
            return;
        }
        if (r.status() == 403) {
            throw ConnectorCheckException.of(Failure.DENIED, CommonFields.TOKEN, "delete tag", subject,
                    "The access token may not delete: create one with the Read, Write, Delete permission.");
        }
        throw ApiFailures.of(r, Optional.empty(), "delete tag", subject, r.status() == 404
                ? "check the repository and tag names" : "try again later");
    }

    // ---- rate limit ----------------------------------------------------------------------------------------

    /**
     * The pull limit left, read from the headers of a manifest HEAD (which does not count as a pull) on the first
     * listed repository's first tag. Credentials go only to a realm on Docker Hub's auth host or the registry's own
     * host; anything else is asked anonymously.
     */
    @Override
    protected Optional<RateLimit> rateLimit(RepositoryPage first) throws IOException {
        if (first.items().isEmpty()) {
            return Optional.empty();
        }
        String repo = first.items().getFirst().name();
        List<TagInfo> tags = tags(repo, Optional.empty(), 1).items();
        if (tags.isEmpty()) {
            return Optional.empty();
        }
        String apiHost = registry.equals(DockerHubProvider.DEFAULT_REGISTRY) ? "registry-1.docker.io" : registry;
        URI base = URI.create((Endpoints.isLoopback(apiHost) ? "http" : "https") + "://" + apiHost);
        RestResponse ping = context.rest().send(RestRequest.get("read rate limit", registry, base.resolve("/v2/"))
                .maxBody(RestRequest.SMALL_BODY));
        Optional<Challenge> bearer = Challenge.parseAll(ping.headers("WWW-Authenticate")).stream()
                .filter(Challenge::isBearer).findFirst();
        String manifestPath = "/v2/" + repo + "/manifests/" + tags.getFirst().name();
        RestRequest head = RestRequest.of("HEAD", "read rate limit", registry, base.resolve(manifestPath))
                .header("Accept", String.join(", ", MediaType.OCI_INDEX, MediaType.OCI_MANIFEST,
                        MediaType.DOCKER_MANIFEST_LIST, MediaType.DOCKER_MANIFEST))
                .maxBody(RestRequest.SMALL_BODY);
        if (bearer.isPresent() && bearer.get().param("realm").isPresent()) {
            URI realm = URI.create(bearer.get().param("realm").get());
            String query = "?service=" + PageTokens.enc(bearer.get().param("service").orElse(""))
                    + "&scope=" + PageTokens.enc("repository:" + repo + ":pull");
            RestRequest tokenReq = RestRequest.get("read rate limit", registry, URI.create(realm + query))
                    .maxBody(RestRequest.SMALL_BODY);
            Credential c = credential().credential();
            if (c instanceof Credential.Basic b && trustedRealm(realm, base)) {
                tokenReq.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (b.username() + ":" + b.secret()).getBytes(StandardCharsets.UTF_8)));
            }
            RestResponse t = context.rest().send(tokenReq);
            if (!t.ok()) {
                return Optional.empty();
            }
            JsonNode tj = t.jsonOrEmpty();
            String bearerToken = tj.path("token").asText(tj.path("access_token").asText(""));
            if (bearerToken.isEmpty()) {
                return Optional.empty();
            }
            head.bearer(bearerToken);
        }
        RestResponse r = context.rest().send(head);
        return parse(r.header("ratelimit-limit"), r.header("ratelimit-remaining"), context.clock().instant());
    }

    private static boolean trustedRealm(URI realm, URI registryBase) {
        String host = realm.getHost() == null ? "" : realm.getHost().toLowerCase(Locale.ROOT);
        boolean secure = "https".equalsIgnoreCase(realm.getScheme())
                || "http".equalsIgnoreCase(registryBase.getScheme()) && Endpoints.isLoopback(host);
        return secure && (host.equals("auth.docker.io") || host.equalsIgnoreCase(registryBase.getHost()));
    }

    /** {@code 100;w=21600} and {@code 76;w=21600}, read at {@code at}. */
    static Optional<RateLimit> parse(Optional<String> limit, Optional<String> remaining, Instant at) {
        if (limit.isEmpty() || remaining.isEmpty()) {
            return Optional.empty();
        }
        try {
            String[] l = limit.get().split(";");
            String[] r = remaining.get().split(";");
            Duration window = Duration.ofHours(6);
            for (String part : l) {
                if (part.strip().startsWith("w=")) {
                    window = Duration.ofSeconds(Long.parseLong(part.strip().substring(2)));
                }
            }
            return Optional.of(new RateLimit(Integer.parseInt(l[0].strip()), Integer.parseInt(r[0].strip()), window,
                    at));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
