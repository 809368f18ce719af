package io.whittle.server.api.registry;

import io.javalin.http.Context;
import io.whittle.connector.ConnectorService;
import io.whittle.connector.RepositoryPage;
import io.whittle.connector.TagPage;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorId;
import io.whittle.platform.connector.PageRequest;
import io.whittle.server.auth.Principal;
import io.whittle.server.http.Access;
import io.whittle.server.http.ApiProblem;
import io.whittle.server.http.ApiResource;
import io.whittle.server.http.PageBody;
import io.whittle.server.http.Pagination;
import io.whittle.server.http.Routes;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;

/**
 * What a connector can see, as {@code whittle images --connector ID [REPO]} lists it: its repositories, and a
 * repository's tags with digest, platforms, size and date where the provider's API gives them. Pages follow the
 * provider's own page tokens. The repository is a query parameter because repository names contain slashes.
 */
public final class BrowseResource implements ApiResource {
    static final String REPOSITORY = "repository";

    private final ConnectorService connectors;
    private final RegistryCalls calls;

    public BrowseResource(ConnectorService connectors, RegistryCalls calls) {
        this.connectors = Objects.requireNonNull(connectors, "connectors");
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    @Override
    public void register(Routes routes) {
        routes.get(ConnectorResource.PATH + "/{id}/repositories", Access.READ, doc -> doc.tag(ConnectorResource.TAG)
                .summary("List a connector's repositories")
                .description("The repositories the connector's credential can see, through the provider's API where"
                        + " the registry's catalog does not serve. A refused credential is 424 (edit the connector);"
                        + " a failing registry 502.")
                .returnsPageOf(RepositoryBody.class)
                .problems(424, 502), this::repositories);

        routes.get(ConnectorResource.PATH + "/{id}/tags", Access.READ, doc -> doc.tag(ConnectorResource.TAG)
                .summary("List a repository's tags")
                .description("The tags of one repository the connector can see, with digest, platforms, size and"
                        + " date where the provider gives them. A refused credential is 424 (edit the connector); a"
                        + " failing registry 502.")
                .requiredQuery(REPOSITORY, "The repository, e.g. team/app (the registry host in front is allowed).")
                .returnsPageOf(TagBody.class)
                .problems(424, 502), this::tags);
    }

    private void repositories(Context ctx, Principal caller) throws IOException {
        ConnectorId id = ConnectorResource.id(ctx);
        PageRequest page = Pagination.request(ctx);
        RepositoryPage found = ConnectorProblems.use(id, () -> {
            connectors.show(caller.organization(), id);
            return calls.call(id.provider(), () -> connectors.repositories(caller.organization(), id, page.cursor(),
                    page.limit()));
        });
        ctx.json(new PageBody<>(found.items().stream().map(RepositoryBody::of).toList(), found.next()));
    }

    private void tags(Context ctx, Principal caller) throws IOException {
        ConnectorId id = ConnectorResource.id(ctx);
        PageRequest page = Pagination.request(ctx);
        String given = ctx.queryParam(REPOSITORY);
        if (given == null || given.isBlank()) {
            throw ApiProblem.badRequest("Name the repository with ?repository=, e.g. ?repository=team/app.");
        }
        TagPage found = ConnectorProblems.use(id, () -> {
            Connector c = connectors.show(caller.organization(), id);
            String repository = repositoryName(c, given);
            return calls.call(id.provider(), () -> connectors.tags(caller.organization(), id, repository,
                    page.cursor(), page.limit()));
        });
        ctx.json(new PageBody<>(found.items().stream().map(TagBody::of).toList(), found.next()));
    }

    /** The repository path after the registry host, which may be written in front of it (as the CLI accepts). */
    static String repositoryName(Connector c, String given) {
        String r = given.strip();
        String prefix = c.registryHost() + "/";
        if (r.toLowerCase(Locale.ROOT).startsWith(prefix)) {
            r = r.substring(prefix.length());
        }
        if (r.isEmpty() || r.contains("@") || r.lastIndexOf(':') > r.lastIndexOf('/')) {
            throw ApiProblem.badRequest("'" + given + "' is not a repository: name one such as team/app, without a"
                    + " tag or digest.");
        }
        return r;
    }
}
