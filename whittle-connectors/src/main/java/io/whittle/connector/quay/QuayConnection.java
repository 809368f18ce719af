package io.whittle.connector.quay;

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
import io.whittle.platform.secret.SecretValue;
import io.whittle.registry.auth.Credential;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

final class QuayConnection extends BaseConnection {
    private final String registry;
    private final URI api;
    private final String robot;
    private final SecretValue token;
    private final Optional<SecretValue> apiToken;

    QuayConnection(ProviderContext context, String registry, URI api, String robot, SecretValue token,
                   Optional<SecretValue> apiToken) {
        super(context);
        this.registry = registry;
        this.api = api;
        this.robot = robot;
        this.token = token;
        this.apiToken = apiToken;
    }

    @Override
    public String registryHost() {
        return registry;
    }

    private String namespace() {
        return robot.substring(0, robot.indexOf('+'));
    }

    @Override
    protected IssuedCredential issue() {
        return IssuedCredential.lasting(new Credential.Basic(robot, token.reveal().strip()));
    }

    @Override
    protected String secretField() {
        return QuayProvider.TOKEN;
    }

    @Override
    protected String secretLabel() {
        return "robot account and token";
    }

    @Override
    protected Optional<String> hostField() {
        return Optional.of(QuayProvider.REGISTRY);
    }

    private RestResponse rest(String method, String operation, String subject, String pathAndQuery)
            throws IOException {
        RestRequest req = RestRequest.of(method, operation, subject, URI.create(api + pathAndQuery))
                .bearer(apiToken.orElseThrow().reveal().strip());
        if (!method.equals("GET")) {
            req.noRetry();
        }
        RestResponse r = context.rest().send(req);
        if (r.status() == 401) {
            throw ConnectorCheckException.of(Failure.UNAUTHORIZED, QuayProvider.API_TOKEN, operation, subject,
                    "Quay did not accept the OAuth application token: check it, or leave it empty to list through"
                    + " the registry.");
        }
        if (r.status() == 403) {
            throw ConnectorCheckException.of(Failure.DENIED, QuayProvider.API_TOKEN, operation, subject,
                    "The OAuth application token may not do this in " + namespace() + ": generate it in that"
                    + " organization with 'View all visible repositories' and 'Read/Write to any accessible"
                    + " repositories'.");
        }
        return r;
    }

    @Override
    public CheckResult check() throws IOException {
        CheckResult standard = super.check();
        if (apiToken.isPresent()) {
            return standard;
        }
        List<String> notes = new ArrayList<>(standard.notes());
        notes.add("Without an OAuth application token, repositories are listed through the registry, without sizes"
                + " or dates.");
        return new CheckResult(standard.registryHost(), standard.access(), standard.expiresAt(), standard.rateLimit(),
                notes);
    }

    @Override
    public RepositoryPage repositories(Optional<String> pageToken, int pageSize) throws IOException {
        if (apiToken.isEmpty()) {
            return distribution().catalog(pageToken, Math.min(100, Math.max(1, pageSize)));
        }
        String query = "/api/v1/repository?namespace=" + PageTokens.enc(namespace())
                + pageToken.map(t -> "&next_page=" + PageTokens.enc(t)).orElse("");
        if (pageToken.isPresent()) {
            PageTokens.opaque(pageToken.get());
        }
        RestResponse r = rest("GET", "list repositories", namespace(), query);
        if (!r.ok()) {
            throw ApiFailures.of(r, Optional.empty(), "list repositories", namespace(), "try again later");
        }
        JsonNode body = r.json("list repositories", namespace());
        List<RepositoryInfo> items = new ArrayList<>();
        for (JsonNode n : body.path("repositories")) {
            items.add(new RepositoryInfo(n.path("namespace").asText(namespace()) + "/" + n.path("name").asText(),
                    Optional.empty(), n.has("is_public") ? Optional.of(!n.path("is_public").asBoolean())
                    : Optional.empty()));
        }
        Optional<String> next = Optional.ofNullable(body.get("next_page")).filter(JsonNode::isTextual)
                .map(JsonNode::asText).filter(s -> !s.isEmpty());
        return new RepositoryPage(items, next);
    }

    @Override
    public TagPage tags(String repository, Optional<String> pageToken, int pageSize) throws IOException {
        if (apiToken.isEmpty()) {
            return distribution().tags(repository, pageToken, Math.min(100, Math.max(1, pageSize)), true);
        }
        int page = PageTokens.number(pageToken);
        String subject = registry + "/" + repository;
        RestResponse r = rest("GET", "list tags", subject, "/api/v1/repository/" + path(repository)
                + "/tag/?limit=" + Math.min(100, Math.max(1, pageSize)) + "&page=" + page + "&onlyActiveTags=true");
        if (!r.ok()) {
            throw ApiFailures.of(r, Optional.empty(), "list tags", subject, "check the repository name");
        }
        JsonNode body = r.json("list tags", subject);
        List<TagInfo> items = new ArrayList<>();
        for (JsonNode n : body.path("tags")) {
            Optional<Digest> d = Optional.of(n.path("manifest_digest").asText("")).filter(Digest::isDigest)
                    .map(Digest::parse);
            items.add(new TagInfo(n.path("name").asText(), d, Optional.empty(), List.of(),
                    n.path("size").canConvertToLong() ? OptionalLong.of(n.path("size").asLong()) : OptionalLong.empty(),
                    n.path("start_ts").canConvertToLong() ? Optional.of(Instant.ofEpochSecond(n.path("start_ts")
                            .asLong())) : Optional.empty()));
        }
        return new TagPage(items, body.path("has_additional").asBoolean(false) ? Optional.of(String.valueOf(page + 1))
                : Optional.empty());
    }

    /** Through the REST API when there is an application token, else the registry's manifest DELETE by tag. */
    @Override
    public void deleteTag(String repository, String tag) throws IOException {
        if (apiToken.isEmpty()) {
            try {
                distribution().deleteTag(repository, tag);
                return;
            } catch (AccessException e) {
                if (e.failure() == Failure.DENIED || e.failure() == Failure.UNAUTHORIZED) {
                    throw new ConnectorCheckException(Failure.DENIED, Optional.of(QuayProvider.ROBOT), "delete tag",
                            registry + "/" + repository + ":" + tag, "The robot " + robot + " may not delete tags in "
                            + repository + ": give it Admin permission on the repository.", false, e);
                }
                throw e;
            }
        }
        String subject = registry + "/" + repository + ":" + tag;
        RestResponse r = rest("DELETE", "delete tag", subject, "/api/v1/repository/" + path(repository) + "/tag/"
                + PageTokens.enc(tag));
        if (!r.ok()) {
            throw ApiFailures.of(r, Optional.empty(), "delete tag", subject, "check the repository and tag names");
        }
    }

    /** {@code ns/name} as Quay's API paths take it. */
    private static String path(String repository) throws AccessException {
        int slash = repository.indexOf('/');
        if (slash <= 0 || repository.indexOf('/', slash + 1) >= 0) {
            throw new AccessException(Failure.INVALID, "list tags", repository, "Quay repositories are NAMESPACE/NAME,"
                    + " and " + repository + " is not: check the name.");
        }
        return PageTokens.enc(repository.substring(0, slash)) + "/" + PageTokens.enc(repository.substring(slash + 1));
    }
}
