package io.whittle.connector.digitalocean;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.connector.ApiFailures;
import io.whittle.connector.CheckResult;
import io.whittle.connector.ConnectorCheckException;
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
import io.whittle.connector.http.RestResponse;
import io.whittle.oci.AccessException;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

final class DigitalOceanConnection extends FixedHostConnection {
    private final ProviderApi api;
    private final Optional<LocalDate> expires;
    private volatile String registryName;
    private volatile Boolean readWrite;

    DigitalOceanConnection(ProviderContext context, String registry, URI api, SecretValue token,
                           Optional<LocalDate> expires) {
        super(context, new CredentialFields(CommonFields.TOKEN, "API token", CommonFields.REGISTRY), registry);
        this.api = new ProviderApi(context.rest(), api, req -> req.bearer(token.reveal().strip()),
                (r, method, operation, subject) -> {
                    if (r.status() == 401) {
                        throw ConnectorCheckException.of(Failure.UNAUTHORIZED, CommonFields.TOKEN, operation,
                                subject, "DigitalOcean did not accept the API token: check it, and that it has not"
                                + " expired or been revoked.");
                    }
                });
        this.expires = expires;
    }

    /** The account's registry name, the first path segment of every repository. */
    private String registryName() throws IOException {
        if (registryName == null) {
            RestResponse r = api.get("read registry", "DigitalOcean", "/v2/registry");
            if (r.status() == 403) {
                throw ConnectorCheckException.of(Failure.DENIED, CommonFields.TOKEN, "read registry",
                        "DigitalOcean", "The token lacks the read scope: generate one with read and write scopes.");
            }
            if (r.status() == 404) {
                throw ConnectorCheckException.of(Failure.NOT_FOUND, CommonFields.TOKEN, "read registry",
                        "DigitalOcean", "The token's account has no container registry: create one under Container"
                        + " Registry in the control panel.");
            }
            ApiFailures.requireOk(r, "read registry", "DigitalOcean", "try again later");
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
        RestResponse r = api.get("get registry credentials", registry,
                "/v2/registry/docker-credentials?read_write=true");
        boolean rw = true;
        if (r.status() == 403) {
            rw = false;
            r = api.get("get registry credentials", registry, "/v2/registry/docker-credentials?read_write=false");
        }
        if (r.status() == 403) {
            throw ConnectorCheckException.of(Failure.DENIED, CommonFields.TOKEN, "get registry credentials",
                    registry, "The token lacks the read scope: generate one with read and write scopes.");
        }
        ApiFailures.requireOk(r, "get registry credentials", registry, "try again later");
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
        return expires.isPresent() ? standard : standard.withNote("No expiry date was entered; DigitalOcean does not"
                + " report it, so Whittle cannot warn before the token ends.");
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
                + PageTokens.size(pageSize, 200);
        if (pageToken.isPresent()) {
            query += "&page_token=" + PageTokens.enc(PageTokens.opaque(pageToken.get()));
        }
        RestResponse r = api.get("list repositories", name, query);
        if (r.status() == 403) {
            throw ConnectorCheckException.of(Failure.DENIED, CommonFields.TOKEN, "list repositories", name,
                    "The token lacks the read scope: generate one with read and write scopes.");
        }
        JsonNode body = ApiFailures.requireOk(r, "list repositories", name, "try again later")
                .json("list repositories", name);
        List<RepositoryInfo> items = new ArrayList<>();
        for (JsonNode n : body.path("repositories")) {
            items.add(new RepositoryInfo(name + "/" + n.path("name").asText(),
                    ApiJson.instant(n.path("latest_manifest").path("updated_at")), Optional.of(true)));
        }
        Optional<String> next = ApiJson.text(body.path("links").path("pages").path("next"))
                .flatMap(u -> PageTokens.queryParam(URI.create(u), "page_token"));
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
        JsonNode body = api.getOk("list tags", subject, "/v2/registry/" + PageTokens.enc(registryName())
                + "/repositories/" + PageTokens.enc(repo) + "/tags?per_page=" + PageTokens.size(pageSize, 200)
                + "&page=" + page, "check the repository name").json("list tags", subject);
        List<TagInfo> items = new ArrayList<>();
        for (JsonNode n : body.path("tags")) {
            JsonNode size = n.has("compressed_size_bytes") ? n.path("compressed_size_bytes") : n.path("size_bytes");
            items.add(new TagInfo(n.path("tag").asText(), ApiJson.digest(n.path("manifest_digest")), Optional.empty(),
                    List.of(), ApiJson.number(size), ApiJson.instant(n.path("updated_at"))));
        }
        return new TagPage(items, PageTokens.after(page,
                ApiJson.text(body.path("links").path("pages").path("next")).isPresent()));
    }

    @Override
    public void deleteTag(String repository, String tag) throws IOException {
        String repo = repo(repository);
        String subject = registry + "/" + repository + ":" + tag;
        RestResponse r = api.call("DELETE", "delete tag", subject, "/v2/registry/" + PageTokens.enc(registryName())
                + "/repositories/" + PageTokens.enc(repo) + "/tags/" + PageTokens.enc(tag));
        if (r.ok()) {
            return;
        }
        if (r.status() == 403) {
            throw ConnectorCheckException.of(Failure.DENIED, CommonFields.TOKEN, "delete tag", subject,
                    "The token lacks the write scope: generate one with read and write scopes to delete tags.");
        }
        throw ApiFailures.of(r, Optional.empty(), "delete tag", subject, "check the repository and tag names");
    }
}
