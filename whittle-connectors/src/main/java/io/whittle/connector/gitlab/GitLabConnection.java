package io.whittle.connector.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.connector.ApiFailures;
import io.whittle.connector.ConnectorCheckException;
import io.whittle.connector.CommonFields;
import io.whittle.connector.CredentialFields;
import io.whittle.connector.FixedHostConnection;
import io.whittle.connector.IssuedCredential;
import io.whittle.connector.ListingPage;
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
import io.whittle.registry.RegistryClient;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

final class GitLabConnection extends FixedHostConnection {
    private static final int PROJECTS_PER_PAGE = 20;

    private final URI gitlab;
    private final ProviderApi api;
    private final String username;
    private final SecretValue token;
    /** Repository path → {project id, repository id}. */
    private final Map<String, long[]> ids = new ConcurrentHashMap<>();

    GitLabConnection(ProviderContext context, String registry, URI gitlab, String username, SecretValue token) {
        super(context, new CredentialFields(CommonFields.TOKEN, "user name and personal access token",
                CommonFields.REGISTRY), registry);
        this.gitlab = gitlab;
        this.api = new ProviderApi(context.rest(), URI.create(gitlab + "/api/v4"),
                req -> req.header("PRIVATE-TOKEN", token.reveal().strip()), GitLabConnection::refusals);
        this.username = username;
        this.token = token;
    }

    @Override
    protected IssuedCredential issue() {
        return IssuedCredential.basic(username, token);
    }

    /** The registry's token service is the GitLab instance itself, which the user configured with the registry. */
    @Override
    protected RegistryClient.Builder customize(RegistryClient.Builder builder) {
        return builder.trustRealm(registry, gitlab.getHost());
    }

    private static void refusals(RestResponse r, String method, String operation, String subject)
            throws AccessException {
        if (r.status() == 401) {
            throw ConnectorCheckException.of(Failure.UNAUTHORIZED, CommonFields.TOKEN, operation, subject,
                    "GitLab's API did not accept the token: use a personal access token (deploy tokens work only"
                    + " with the registry), and check that it has not expired or been revoked.");
        }
        if (r.status() == 403 && r.jsonOrEmpty().path("error").asText("").equals("insufficient_scope")) {
            String needed = method.equals("GET") ? "read_api" : "api";
            throw ConnectorCheckException.of(Failure.DENIED, CommonFields.TOKEN, operation, subject,
                    "The token lacks " + needed + ": create a token with read_registry, write_registry and "
                    + needed + ".");
        }
    }

    private record Cursor(int projectPage, int projectIndex, int repoPage) {
        String encode() {
            return projectPage + "." + projectIndex + "." + repoPage;
        }

        static Cursor decode(Optional<String> token) throws AccessException {
            if (token.isEmpty()) {
                return new Cursor(1, 0, 1);
            }
            String[] p = token.get().split("\\.");
            try {
                Cursor c = new Cursor(Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]));
                if (p.length == 3 && c.projectPage >= 1 && c.projectIndex >= 0 && c.repoPage >= 1) {
                    return c;
                }
            } catch (RuntimeException e) {
                // reported below
            }
            throw PageTokens.invalid(token.get());
        }
    }

    /**
     * Repositories of the projects the user is a member of, one project's page at a time: the token remembers the
     * projects page, the project on it and the repositories page.
     */
    @Override
    public RepositoryPage repositories(Optional<String> pageToken, int pageSize) throws IOException {
        Cursor c = Cursor.decode(pageToken);
        int perPage = PageTokens.size(pageSize, 100);
        while (true) {
            RestResponse pr = api.getOk("list projects", username, "/projects?membership=true&simple=true"
                    + "&per_page=" + PROJECTS_PER_PAGE + "&page=" + c.projectPage, "try again later");
            JsonNode projects = pr.json("list projects", username);
            boolean moreProjects = morePages(pr);
            if (c.projectIndex >= projects.size()) {
                if (!moreProjects) {
                    return new RepositoryPage(List.of(), Optional.empty());
                }
                c = new Cursor(c.projectPage + 1, 0, 1);
                continue;
            }
            long projectId = projects.get(c.projectIndex).path("id").asLong();
            RestResponse rr = api.getOk("list repositories", username, "/projects/" + projectId
                    + "/registry/repositories?per_page=" + perPage + "&page=" + c.repoPage, "try again later");
            List<RepositoryInfo> items = new ArrayList<>();
            for (JsonNode n : rr.json("list repositories", username)) {
                String path = n.path("path").asText().toLowerCase(Locale.ROOT);
                ids.put(path, new long[] {projectId, n.path("id").asLong()});
                items.add(new RepositoryInfo(path, ApiJson.instant(n.path("created_at")), Optional.empty()));
            }
            Cursor next;
            if (morePages(rr)) {
                next = new Cursor(c.projectPage, c.projectIndex, c.repoPage + 1);
            } else if (c.projectIndex + 1 < projects.size()) {
                next = new Cursor(c.projectPage, c.projectIndex + 1, 1);
            } else if (moreProjects) {
                next = new Cursor(c.projectPage + 1, 0, 1);
            } else {
                return new RepositoryPage(items, Optional.empty());
            }
            if (!items.isEmpty()) {
                return new RepositoryPage(items, Optional.of(next.encode()));
            }
            c = next; // a project without repositories: go on to the next
        }
    }

    /** The project and repository ids of a repository path, found by listing. */
    private long[] ids(String repository) throws IOException {
        String path = repository.toLowerCase(Locale.ROOT);
        long[] known = ids.get(path);
        if (known != null) {
            return known;
        }
        // Listing fills in the ids of every repository it passes.
        if (ListingPage.find(t -> repositories(t, 100), r -> r.name().equals(path)).isPresent()) {
            return ids.get(path);
        }
        throw new AccessException(Failure.NOT_FOUND, "find repository", registry + "/" + repository, "GitLab lists no"
                + " repository " + repository + " in the projects of " + username + ": check the name and that you"
                + " are a member of its project.");
    }

    @Override
    public TagPage tags(String repository, Optional<String> pageToken, int pageSize) throws IOException {
        long[] id = ids(repository);
        int page = PageTokens.number(pageToken);
        String subject = registry + "/" + repository;
        String base = "/projects/" + id[0] + "/registry/repositories/" + id[1] + "/tags";
        RestResponse r = api.getOk("list tags", subject, base + "?per_page=" + PageTokens.size(pageSize, 100)
                + "&page=" + page, "try again later");
        List<TagInfo> items = new ArrayList<>();
        for (JsonNode n : r.json("list tags", subject)) {
            String tag = n.path("name").asText();
            RestResponse d = api.get("list tags", subject, base + "/" + PageTokens.enc(tag));
            JsonNode detail = d.ok() ? d.jsonOrEmpty() : n;
            items.add(new TagInfo(tag, ApiJson.digest(detail.path("digest")), Optional.empty(), List.of(),
                    ApiJson.number(detail.path("total_size")), ApiJson.instant(detail.path("created_at"))));
        }
        return new TagPage(items, PageTokens.after(page, morePages(r)));
    }

    @Override
    public void deleteTag(String repository, String tag) throws IOException {
        long[] id = ids(repository);
        String subject = registry + "/" + repository + ":" + tag;
        RestResponse r = api.call("DELETE", "delete tag", subject, "/projects/" + id[0] + "/registry/repositories/"
                + id[1] + "/tags/" + PageTokens.enc(tag));
        if (r.ok()) {
            return;
        }
        if (r.status() == 403) {
            throw ConnectorCheckException.of(Failure.DENIED, CommonFields.TOKEN, "delete tag", subject,
                    "GitLab refused to delete the tag: deleting needs the api scope and at least the Developer role"
                    + " in the project.");
        }
        throw ApiFailures.of(r, Optional.empty(), "delete tag", subject, "check the repository and tag names");
    }

    /** GitLab names the next page in a header, empty on the last page. */
    private static boolean morePages(RestResponse r) {
        return !r.header("X-Next-Page").orElse("").isBlank();
    }
}
