package io.whittle.connector.quay;

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
import io.whittle.platform.secret.SecretValue;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

final class QuayConnection extends FixedHostConnection {
    private final String robot;
    private final SecretValue token;
    /** The REST API, when there is an OAuth application token for it; else listing goes through the registry. */
    private final Optional<ProviderApi> api;

    QuayConnection(ProviderContext context, String registry, URI api, String robot, SecretValue token,
                   Optional<SecretValue> apiToken) {
        super(context, new CredentialFields(CommonFields.TOKEN,
                "robot account and token", CommonFields.REGISTRY), registry);
        this.robot = robot;
        this.token = token;
        this.api = apiToken.map(t -> new ProviderApi(context.rest(), api, req -> req.bearer(t.reveal().strip()),
                this::refusals));
    }

    private String namespace() {
        return robot.substring(0, robot.indexOf('+'));
    }

    @Override
    protected IssuedCredential issue() {
        return IssuedCredential.basic(robot, token);
    }

    private void refusals(RestResponse r, String method, String operation, String subject) throws AccessException {
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
    }

    @Override
    public CheckResult check() throws IOException {
        CheckResult standard = super.check();
        return api.isPresent() ? standard : standard.withNote("Without an OAuth application token, repositories are"
                + " listed through the registry, without sizes or dates.");
    }

    @Override
    public RepositoryPage repositories(Optional<String> pageToken, int pageSize) throws IOException {
        if (api.isEmpty()) {
            return distribution().catalog(pageToken, PageTokens.size(pageSize, 100));
        }
        String query = "/api/v1/repository?namespace=" + PageTokens.enc(namespace())
                + pageToken.map(t -> "&next_page=" + PageTokens.enc(t)).orElse("");
        if (pageToken.isPresent()) {
            PageTokens.opaque(pageToken.get());
        }
        JsonNode body = api.get().getOk("list repositories", namespace(), query, "try again later")
                .json("list repositories", namespace());
        List<RepositoryInfo> items = new ArrayList<>();
        for (JsonNode n : body.path("repositories")) {
            items.add(new RepositoryInfo(n.path("namespace").asText(namespace()) + "/" + n.path("name").asText(),
                    Optional.empty(), n.has("is_public") ? Optional.of(!n.path("is_public").asBoolean())
                    : Optional.empty()));
        }
        return new RepositoryPage(items, ApiJson.text(body.path("next_page")));
    }

    @Override
    public TagPage tags(String repository, Optional<String> pageToken, int pageSize) throws IOException {
        int size = PageTokens.size(pageSize, 100);
        if (api.isEmpty()) {
            return distribution().tags(repository, pageToken, size, true);
        }
        int page = PageTokens.number(pageToken);
        String subject = registry + "/" + repository;
        JsonNode body = api.get().getOk("list tags", subject, "/api/v1/repository/" + path(repository)
                + "/tag/?limit=" + size + "&page=" + page + "&onlyActiveTags=true", "check the repository name")
                .json("list tags", subject);
        List<TagInfo> items = new ArrayList<>();
        for (JsonNode n : body.path("tags")) {
            OptionalLong started = ApiJson.number(n.path("start_ts"));
            items.add(new TagInfo(n.path("name").asText(), ApiJson.digest(n.path("manifest_digest")),
                    Optional.empty(), List.of(), ApiJson.number(n.path("size")), started.isPresent()
                    ? Optional.of(Instant.ofEpochSecond(started.getAsLong())) : Optional.empty()));
        }
        return new TagPage(items, PageTokens.after(page, body.path("has_additional").asBoolean(false)));
    }

    /** Through the REST API when there is an application token, else the registry's manifest DELETE by tag. */
    @Override
    public void deleteTag(String repository, String tag) throws IOException {
        if (api.isEmpty()) {
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
        RestResponse r = api.get().call("DELETE", "delete tag", subject, "/api/v1/repository/" + path(repository)
                + "/tag/" + PageTokens.enc(tag));
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
