package io.whittle.connector.digitalocean;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.connector.ApiFailures;
import io.whittle.connector.BaseConnection;
import io.whittle.connector.CheckResult;
import io.whittle.connector.ConnectorCheckException;
import io.whittle.connector.IssuedCredential;
import io.whittle.connector.PageTokens;
import io.whittle.connector.ProviderContext;
import io.whittle.connector.RepositoryInfo;
import io.whittle.connector.RepositoryPage;
import io.whittle.connector.TagInfo;
import io.whittle.connector.TagPage;
import io.whittle.connector.http.RestRequest;
import io.whittle.connector.http.RestResponse;
import io.whittle.oci.AccessException;
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.platform.connector.Access;
import io.whittle.platform.secret.SecretValue;
import io.whittle.registry.auth.Credential;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

final class DigitalOceanConnection extends BaseConnection {
    private final String registry;
    private final URI api;
    private final SecretValue token;
    private final Optional<LocalDate> expires;
    private volatile String registryName;
    private volatile Boolean readWrite;

    DigitalOceanConnection(ProviderContext context, String registry, URI api, SecretValue token,
                           Optional<LocalDate> expires) {
        super(context);
        this.registry = registry;
        this.api = api;
        this.token = token;
        this.expires = expires;
    }

    @Override
    public String registryHost() {
        return registry;
    }

    @Override
    protected String secretField() {
        return DigitalOceanProvider.TOKEN;
    }

    @Override
    protected String secretLabel() {
        return "API token";
    }

    @Override
    protected Optional<String> hostField() {
        return Optional.of(DigitalOceanProvider.REGISTRY);
    }

    private RestResponse call(String method, String operation, String subject, String pathAndQuery)
            throws IOException {
        RestRequest req = RestRequest.of(method, operation, subject, URI.create(api + pathAndQuery))
                .bearer(token.reveal().strip());
        if (!method.equals("GET")) {
            req.noRetry();
        }
        RestResponse r = context.rest().send(req);
        if (r.status() == 401) {
            throw ConnectorCheckException.of(Failure.UNAUTHORIZED, DigitalOceanProvider.TOKEN, operation, subject,
                    "DigitalOcean did not accept the API token: check it, and that it has not expired or been"
                    + " revoked.");
        }
        return r;
    }

    /** The account's registry name, the first path segment of every repository. */
    private String registryName() throws IOException {
        if (registryName == null) {
            RestResponse r = call("GET", "read registry", "DigitalOcean", "/v2/registry");
            if (r.status() == 403) {
                throw ConnectorCheckException.of(Failure.DENIED, DigitalOceanProvider.TOKEN, "read registry",
                        "DigitalOcean", "The token lacks the read scope: generate one with read and write scopes.");
            }
            if (r.status() == 404) {
                throw ConnectorCheckException.of(Failure.NOT_FOUND, DigitalOceanProvider.TOKEN, "read registry",
                        "DigitalOcean", "The token's account has no container registry: create one under Container"
                        + " Registry in the control panel.");
            }
            if (!r.ok()) {
                throw ApiFailures.of(r, Optional.empty(), "read registry", "DigitalOcean", "try again later");
            }
            registryName = r.json("read registry", "DigitalOcean").path("registry").path("name").asText();
        }
        return registryName;
    }

    /**
     * Registry credentials from {@code docker-credentials}: read-write when the token has the write scope, else
     * read-only; without {@code expiry_seconds}, so they last as long as the token.
     */
    @Override
    protected IssuedCredential issue() throws IOException {
        RestResponse r = call("GET", "get registry credentials", registry,
                "/v2/registry/docker-credentials?read_write=true");
        boolean rw = true;
        if (r.status() == 403) {
            rw = false;
            r = call("GET", "get registry credentials", registry, "/v2/registry/docker-credentials?read_write=false");
        }
        if (r.status() == 403) {
            throw ConnectorCheckException.of(Failure.DENIED, DigitalOceanProvider.TOKEN, "get registry credentials",
                    registry, "The token lacks the read scope: generate one with read and write scopes.");
        }
        if (!r.ok()) {
            throw ApiFailures.of(r, Optional.empty(), "get registry credentials", registry, "try again later");
        }
        readWrite = rw;
        JsonNode auths = r.json("get registry credentials", registry).path("auths");
        JsonNode entry = auths.path(registry);
        if (entry.isMissingNode() && auths.size() == 1) {
            entry = auths.elements().next();
        }
        String auth = entry.path("auth").asText("");
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoded = "";
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw new AccessException(Failure.UNSUPPORTED, "get registry credentials", registry, "get registry"
                    + " credentials " + registry + ": DigitalOcean's answer held no credentials for " + registry
                    + ": check the registry host");
        }
        return IssuedCredential.lasting(new Credential.Basic(decoded.substring(0, colon),
                decoded.substring(colon + 1)));
    }

    @Override
    public CheckResult check() throws IOException {
        registryName();
        CheckResult standard = super.check();
        List<String> notes = new ArrayList<>(standard.notes());
        if (expires.isEmpty()) {
            notes.add("No expiry date was entered; DigitalOcean does not report it, so Whittle cannot warn before the"
                    + " token ends.");
        }
        return new CheckResult(standard.registryHost(), standard.access(), standard.expiresAt(), standard.rateLimit(),
                notes);
    }

    /** The API tells whether the token may write (read-write registry credentials are refused otherwise). */
    @Override
    protected Access probeAccess(RepositoryPage first, List<String> notes) throws IOException {
        credential();
        if (readWrite == null) {
            issue();
        }
        if (!readWrite) {
            notes.add("The token lacks the write scope, so Whittle cannot push optimized images with it.");
        }
        return readWrite ? Access.READ_WRITE : Access.READ_ONLY;
    }

    @Override
    protected Optional<Instant> credentialExpiry() {
        return expires.map(d -> d.atStartOfDay().toInstant(ZoneOffset.UTC));
    }

    @Override
    public RepositoryPage repositories(Optional<String> pageToken, int pageSize) throws IOException {
        String name = registryName();
        String query = "/v2/registry/" + PageTokens.enc(name) + "/repositoriesV2?per_page="
                + Math.max(1, Math.min(200, pageSize));
        if (pageToken.isPresent()) {
            query += "&page_token=" + PageTokens.enc(PageTokens.opaque(pageToken.get()));
        }
        RestResponse r = call("GET", "list repositories", name, query);
        if (r.status() == 403) {
            throw ConnectorCheckException.of(Failure.DENIED, DigitalOceanProvider.TOKEN, "list repositories", name,
                    "The token lacks the read scope: generate one with read and write scopes.");
        }
        if (!r.ok()) {
            throw ApiFailures.of(r, Optional.empty(), "list repositories", name, "try again later");
        }
        JsonNode body = r.json("list repositories", name);
        List<RepositoryInfo> items = new ArrayList<>();
        for (JsonNode n : body.path("repositories")) {
            items.add(new RepositoryInfo(name + "/" + n.path("name").asText(),
                    instant(n.path("latest_manifest").path("updated_at")), Optional.of(true)));
        }
        Optional<String> next = Optional.of(body.path("links").path("pages").path("next").asText(""))
                .filter(s -> !s.isEmpty()).flatMap(u -> PageTokens.queryParam(URI.create(u), "page_token"));
        return new RepositoryPage(items, next);
    }

    /** {@code name/repo} → {@code repo}, checked to be in this account's registry. */
    private String repo(String repository) throws IOException {
        String prefix = registryName() + "/";
        if (!repository.startsWith(prefix) || repository.length() == prefix.length()) {
            throw new AccessException(Failure.INVALID, "list tags", repository, "The repository " + repository
                    + " is not in the registry " + registryName() + ": name it as " + prefix + "REPOSITORY.");
        }
        return repository.substring(prefix.length());
    }

    @Override
    public TagPage tags(String repository, Optional<String> pageToken, int pageSize) throws IOException {
        String repo = repo(repository);
        int page = PageTokens.number(pageToken);
        String subject = registry + "/" + repository;
        RestResponse r = call("GET", "list tags", subject, "/v2/registry/" + PageTokens.enc(registryName())
                + "/repositories/" + PageTokens.enc(repo) + "/tags?per_page=" + Math.max(1, Math.min(200, pageSize))
                + "&page=" + page);
        if (!r.ok()) {
            throw ApiFailures.of(r, Optional.empty(), "list tags", subject, "check the repository name");
        }
        JsonNode body = r.json("list tags", subject);
        List<TagInfo> items = new ArrayList<>();
        for (JsonNode n : body.path("tags")) {
            Optional<Digest> d = Optional.of(n.path("manifest_digest").asText("")).filter(Digest::isDigest)
                    .map(Digest::parse);
            JsonNode size = n.has("compressed_size_bytes") ? n.path("compressed_size_bytes") : n.path("size_bytes");
            items.add(new TagInfo(n.path("tag").asText(), d, Optional.empty(), List.of(),
                    size.canConvertToLong() ? OptionalLong.of(size.asLong()) : OptionalLong.empty(),
                    instant(n.path("updated_at"))));
        }
        boolean more = !body.path("links").path("pages").path("next").asText("").isEmpty();
        return new TagPage(items, more ? Optional.of(String.valueOf(page + 1)) : Optional.empty());
    }

    @Override
    public void deleteTag(String repository, String tag) throws IOException {
        String repo = repo(repository);
        String subject = registry + "/" + repository + ":" + tag;
        RestResponse r = call("DELETE", "delete tag", subject, "/v2/registry/" + PageTokens.enc(registryName())
                + "/repositories/" + PageTokens.enc(repo) + "/tags/" + PageTokens.enc(tag));
        if (r.ok()) {
            return;
        }
        if (r.status() == 403) {
            throw ConnectorCheckException.of(Failure.DENIED, DigitalOceanProvider.TOKEN, "delete tag", subject,
                    "The token lacks the write scope: generate one with read and write scopes to delete tags.");
        }
        throw ApiFailures.of(r, Optional.empty(), "delete tag", subject, "check the repository and tag names");
    }

    private static Optional<Instant> instant(JsonNode n) {
        try {
            return n.isTextual() && !n.asText().isEmpty() ? Optional.of(Instant.parse(n.asText())) : Optional.empty();
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
