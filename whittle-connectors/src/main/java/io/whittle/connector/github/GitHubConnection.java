package io.whittle.connector.github;

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
import io.whittle.oci.Digest;
import io.whittle.oci.Failure;
import io.whittle.platform.connector.Access;
import io.whittle.platform.secret.SecretValue;
import io.whittle.registry.LinkHeader;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

final class GitHubConnection extends FixedHostConnection {
    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[ 'UTC']");

    private final URI api;
    private final ProviderApi rest;
    private final String username;
    private final SecretValue token;
    private final Optional<String> organization;

    GitHubConnection(ProviderContext context, String registry, URI api, String username, SecretValue token,
                     Optional<String> organization) {
        super(context, new CredentialFields(CommonFields.TOKEN,
                "personal access token", CommonFields.REGISTRY), registry);
        this.api = api;
        // Statuses mean different things per call (a 404 for a package the token may not read): each call maps them.
        this.rest = new ProviderApi(context.rest(), api, req -> req.bearer(token.reveal())
                .header("Accept", "application/vnd.github+json")
                .header("X-GitHub-Api-Version", "2022-11-28"), ProviderApi.Refusals.NONE);
        this.username = username;
        this.token = token;
        this.organization = organization;
    }

    @Override
    protected IssuedCredential issue() {
        return IssuedCredential.basic(username, token);
    }

    private String owner() {
        return organization.orElse(username);
    }

    /** {@code /user/packages…} or {@code /orgs/ORG/packages…}. */
    private String packagesPath() {
        return organization.map(o -> "/orgs/" + PageTokens.enc(o) + "/packages").orElse("/user/packages");
    }

    @Override
    public CheckResult check() throws IOException {
        List<String> notes = new ArrayList<>();
        try {
            distribution().ping();
        } catch (AccessException e) {
            throw refusal(e, "sign in to " + registry);
        }
        RestResponse r = rest.get("list packages", owner(), packagesPath() + "?package_type=container&per_page=1");
        Set<String> scopes = scopes(r);
        if (!r.ok()) {
            throw listingProblem(r, scopes);
        }
        Access access = scopes.contains("write:packages") ? Access.READ_WRITE : Access.READ_ONLY;
        if (access == Access.READ_ONLY) {
            notes.add("The token lacks write:packages, so Whittle cannot push optimized images with it.");
        }
        if (!scopes.contains("delete:packages")) {
            notes.add("The token lacks delete:packages, so tags cannot be deleted with it.");
        }
        Optional<Instant> expires = r.header("github-authentication-token-expiration")
                .flatMap(GitHubConnection::expiry);
        if (expires.isEmpty()) {
            notes.add("GitHub reports no expiry for this token.");
        }
        return new CheckResult(registry, access, expires, Optional.empty(), notes);
    }

    private ConnectorCheckException listingProblem(RestResponse r, Set<String> scopes) {
        String host = api.getHost();
        if (r.status() == 401) {
            return ConnectorCheckException.of(Failure.UNAUTHORIZED, CommonFields.TOKEN, "list packages", owner(),
                    host + " did not accept the personal access token: check it, and that it has not expired or"
                    + " been revoked.");
        }
        if (r.status() == 403 && !scopes.contains("read:packages") && !scopes.contains("write:packages")) {
            return ConnectorCheckException.of(Failure.DENIED, CommonFields.TOKEN, "list packages", owner(),
                    "The token lacks read:packages: create a classic token with read:packages, write:packages and"
                    + " delete:packages.");
        }
        if (r.status() == 404 && organization.isPresent()) {
            return ConnectorCheckException.of(Failure.NOT_FOUND, GitHubProvider.OWNER, "list packages", owner(),
                    "GitHub has no organization " + owner() + " that " + username + " belongs to: check the"
                    + " organization name.");
        }
        if (r.status() == 403) {
            return ConnectorCheckException.of(Failure.DENIED, CommonFields.TOKEN, "list packages", owner(),
                    "GitHub refused to list the packages of " + owner() + r.errorText().map(t -> " (\"" + t + "\")")
                    .orElse("") + ": authorize the token for the organization's single sign-on if it uses it.");
        }
        return ApiFailures.of(r, Optional.empty(), "list packages", owner(), "try again later");
    }

    private static Set<String> scopes(RestResponse r) {
        Set<String> out = new TreeSet<>();
        r.header("X-OAuth-Scopes").ifPresent(v -> Arrays.stream(v.split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add));
        return out;
    }

    static Optional<Instant> expiry(String header) {
        try {
            return Optional.of(LocalDateTime.parse(header.strip(), EXPIRY).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            try {
                // GitHub has also sent the zone as an offset: 2026-01-31 12:00:00 +0000.
                return Optional.of(java.time.OffsetDateTime.parse(header.strip(),
                        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xx")).toInstant());
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }

    @Override
    public RepositoryPage repositories(Optional<String> pageToken, int pageSize) throws IOException {
        int page = PageTokens.number(pageToken);
        RestResponse r = rest.get("list packages", owner(), packagesPath() + "?package_type=container&per_page="
                + PageTokens.size(pageSize, 100) + "&page=" + page);
        if (!r.ok()) {
            throw listingProblem(r, scopes(r));
        }
        List<RepositoryInfo> items = new ArrayList<>();
        for (JsonNode p : r.json("list packages", owner())) {
            String owner = p.path("owner").path("login").asText(owner()).toLowerCase(java.util.Locale.ROOT);
            items.add(new RepositoryInfo(owner + "/" + p.path("name").asText(), ApiJson.instant(p.path("updated_at")),
                    ApiJson.text(p.path("visibility")).map(v -> !"public".equals(v))));
        }
        return new RepositoryPage(items, PageTokens.after(page, LinkHeader.next(r.headers("Link")).isPresent()));
    }

    /** The package name of a repository of this owner ({@code owner/name} → {@code name}). */
    private String packageName(String repository) throws AccessException {
        String prefix = owner().toLowerCase(java.util.Locale.ROOT) + "/";
        if (!repository.toLowerCase(java.util.Locale.ROOT).startsWith(prefix)
                || repository.length() == prefix.length()) {
            throw new AccessException(Failure.INVALID, "list tags", repository, "The repository " + repository
                    + " does not belong to " + owner() + ", whose packages this connector manages: name it as "
                    + prefix + "NAME.");
        }
        return repository.substring(prefix.length());
    }

    private String versionsPath(String name) {
        return packagesPath() + "/container/" + PageTokens.enc(name) + "/versions";
    }

    @Override
    public TagPage tags(String repository, Optional<String> pageToken, int pageSize) throws IOException {
        String name = packageName(repository);
        int page = PageTokens.number(pageToken);
        RestResponse r = rest.get("list tags", repository, versionsPath(name) + "?per_page="
                + PageTokens.size(pageSize, 100) + "&page=" + page);
        if (r.status() == 404) {
            throw ApiFailures.of(r, Optional.empty(), "list tags", registry + "/" + repository,
                    "check the repository name (GitHub answers 404 also for packages the token may not read)");
        }
        if (!r.ok()) {
            throw listingProblem(r, scopes(r));
        }
        List<TagInfo> items = new ArrayList<>();
        for (JsonNode v : r.json("list tags", repository)) {
            Optional<Digest> digest = ApiJson.digest(v.path("name"));
            for (JsonNode t : v.path("metadata").path("container").path("tags")) {
                items.add(new TagInfo(t.asText(), digest, Optional.empty(), List.of(), OptionalLong.empty(),
                        ApiJson.instant(v.path("updated_at"))));
            }
        }
        return new TagPage(items, PageTokens.after(page, LinkHeader.next(r.headers("Link")).isPresent()));
    }

    /**
     * GitHub deletes package versions, not tags: the tag goes with its version. A version that carries other tags
     * too is left alone, since deleting it would take those tags with it.
     */
    @Override
    public void deleteTag(String repository, String tag) throws IOException {
        String name = packageName(repository);
        String subject = registry + "/" + repository + ":" + tag;
        for (int page = 1; page <= 100; page++) {
            RestResponse r = rest.getOk("delete tag", subject, versionsPath(name) + "?per_page=100&page=" + page,
                    "check the repository name and the token's read:packages scope");
            for (JsonNode v : r.json("delete tag", subject)) {
                List<String> tags = new ArrayList<>();
                v.path("metadata").path("container").path("tags").forEach(t -> tags.add(t.asText()));
                if (!tags.contains(tag)) {
                    continue;
                }
                if (tags.size() > 1) {
                    tags.remove(tag);
                    throw new AccessException(Failure.UNSUPPORTED, "delete tag", subject, "delete tag " + subject
                            + ": GitHub deletes a tag only with its package version, which also carries "
                            + String.join(", ", tags) + ": delete those tags' image as a whole, or move them first.");
                }
                RestResponse d = rest.call("DELETE", "delete tag", subject, versionsPath(name) + "/"
                        + v.path("id").asLong());
                if (d.ok()) {
                    return;
                }
                if ((d.status() == 403 || d.status() == 404) && !scopes(d).contains("delete:packages")) {
                    throw ConnectorCheckException.of(Failure.DENIED, CommonFields.TOKEN, "delete tag", subject,
                            "The token lacks delete:packages: create a classic token with delete:packages to delete"
                            + " tags.");
                }
                throw ApiFailures.of(d, Optional.empty(), "delete tag", subject, "check the token's"
                        + " delete:packages scope and your role on the package");
            }
            if (LinkHeader.next(r.headers("Link")).isEmpty()) {
                break;
            }
        }
        throw new AccessException(Failure.NOT_FOUND, "delete tag", subject, "delete tag " + subject + ": the"
                + " package has no tag " + tag + ": list its tags with whittle images.");
    }
}
