package io.whittle.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.whittle.connector.Connection;
import io.whittle.connector.ConnectorService;
import io.whittle.connector.RepositoryInfo;
import io.whittle.connector.RepositoryPage;
import io.whittle.connector.TagPage;
import io.whittle.oci.AccessException;
import io.whittle.oci.Digest;
import io.whittle.oci.ImageReference;
import io.whittle.oci.OciException;
import io.whittle.oci.Platform;
import io.whittle.oci.inspect.Inspection;
import io.whittle.oci.inspect.InspectionJson;
import io.whittle.oci.inspect.Inspector;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorId;
import io.whittle.server.api.registry.ConnectorReference;
import io.whittle.server.api.registry.RegistryCalls;
import io.whittle.server.http.ApiProblem;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The registry explorer: a tree of the organization's connectors, each opening into its repositories and each
 * repository into its tags (loaded when opened, with htmx; without scripts the same tree opens through links), a
 * search of repository names over every connector, and an image page with what {@code whittle inspect} shows. A
 * registry that fails is said in place, in the branch that failed, and the rest of the tree keeps working. A tag row
 * whose listing lacks digest, platforms, size or date loads them itself when shown ({@link TagDetails}), one small
 * request per row, so a page of at most {@value #PAGE} tags costs nothing for the rows nobody scrolls to.
 */
public final class ExplorerPages {
    private static final int PAGE = 100;
    /** How many repositories of each connector the search looks through. */
    private static final int SEARCH_LIMIT = 1000;

    /** A repository in the tree or a search result. */
    public record RepositoryView(String connector, String name, String updated, String tagsUrl, String pageUrl) {
    }

    /**
     * A tag with what the provider tells about its image; {@code detailsUrl}, when not empty, loads what the listing
     * left out (the row asks for it when shown).
     */
    public record TagView(String name, String digest, String shortDigest, String platforms, String size,
                          String sizeNote, String updated, String imageUrl, String detailsUrl) {
    }

    /** A branch of the tree: its items, the URL of the next page, or what failed. */
    public record Branch<T>(String connector, List<T> items, Optional<String> more, Optional<String> failure) {
    }

    /** One connector's search results, or why it could not be searched. */
    public record SearchResult(ConnectorView connector, List<RepositoryView> repositories, Optional<String> failure) {
    }

    private final ConnectorService connectors;
    private final RegistryCalls calls;
    private final ConnectorViews views;
    private final TagDetails details;

    ExplorerPages(ConnectorService connectors, RegistryCalls calls, ConnectorViews views, TagDetails details) {
        this.connectors = Objects.requireNonNull(connectors, "connectors");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.views = Objects.requireNonNull(views, "views");
        this.details = Objects.requireNonNull(details, "details");
    }

    void register(PageRoutes pages) {
        pages.get("/explore", (ctx, viewer) -> {
            List<Connector> all = connectors.list(viewer.principal().organization());
            String q = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip();
            Optional<String> open = Optional.ofNullable(ctx.queryParam("connector"));
            Optional<String> openRepo = Optional.ofNullable(ctx.queryParam("repository"));
            Map<String, Object> p = new HashMap<>();
            p.put("page", Page.of("Registry explorer", "explore", viewer, ctx.path()));
            p.put("connectors", all.stream().map(views::of).toList());
            p.put("q", q);
            p.put("results", q.isEmpty() ? List.of() : search(viewer, all, q));
            // Without scripts the tree opens through links: the open connector's repositories, its open repository's
            // tags.
            p.put("open", open.orElse(""));
            p.put("openRepository", openRepo.orElse(""));
            p.put("repositories", open.map(id -> repositories(viewer, id, Optional.empty())).orElse(null));
            p.put("tags", open.flatMap(id -> openRepo.map(r -> tags(viewer, id, r, Optional.empty()))).orElse(null));
            pages.templates().respond(ctx, 200, "explore.jte", p);
        });
        pages.get("/explore/{id}/repositories", (ctx, viewer) -> {
            Map<String, Object> p = new HashMap<>();
            p.put("branch", repositories(viewer, ctx.pathParam("id"), Optional.ofNullable(ctx.queryParam("cursor"))));
            pages.templates().respond(ctx, 200, "exploreRepositories.jte", p);
        });
        pages.get("/explore/{id}/tags", (ctx, viewer) -> {
            String repository = Optional.ofNullable(ctx.queryParam("repository")).orElse("");
            Map<String, Object> p = new HashMap<>();
            p.put("branch", tags(viewer, ctx.pathParam("id"), repository,
                    Optional.ofNullable(ctx.queryParam("cursor"))));
            pages.templates().respond(ctx, 200, "exploreTags.jte", p);
        });
        pages.get("/explore/{id}/tag", (ctx, viewer) -> {
            ctx.header("Cache-Control", "private, no-cache");
            pages.templates().respond(ctx, 200, "tagRow.jte", Map.of("t", tag(viewer, ctx.pathParam("id"),
                    Optional.ofNullable(ctx.queryParam("repository")).orElse(""),
                    Optional.ofNullable(ctx.queryParam("tag")).orElse(""),
                    Optional.ofNullable(ctx.queryParam("digest")))));
        });
        pages.get("/images/{id}", (ctx, viewer) -> pages.templates().respond(ctx, 200, "image.jte",
                image(ctx, viewer)));
    }

    private Branch<RepositoryView> repositories(Viewer viewer, String connector, Optional<String> cursor) {
        ConnectorId id = ConnectorId.parse(connector);
        connectors.show(viewer.principal().organization(), id);
        try {
            RepositoryPage page = calls.call(id.provider(), () -> connectors.repositories(
                    viewer.principal().organization(), id, cursor, PAGE));
            List<RepositoryView> items = page.items().stream().map(r -> repository(id.toString(), r)).toList();
            return new Branch<>(id.toString(), items, page.next().map(n -> "/explore/" + id + "/repositories?cursor="
                    + enc(n)), Optional.empty());
        } catch (IOException e) {
            return new Branch<>(id.toString(), List.of(), Optional.empty(), Optional.of(failure(id, e)));
        }
    }

    private Branch<TagView> tags(Viewer viewer, String connector, String repository, Optional<String> cursor) {
        ConnectorId id = ConnectorId.parse(connector);
        Connector c = connectors.show(viewer.principal().organization(), id);
        String repo = repository.strip();
        if (repo.startsWith(c.registryHost() + "/")) {
            repo = repo.substring(c.registryHost().length() + 1);
        }
        if (repo.isEmpty()) {
            return new Branch<>(id.toString(), List.of(), Optional.empty(), Optional.of("Name a repository."));
        }
        String r = repo;
        try {
            TagPage page = calls.call(id.provider(), () -> connectors.tags(viewer.principal().organization(), id, r,
                    cursor, PAGE));
            List<TagView> items = page.items().stream().map(t -> {
                boolean complete = t.digest().isPresent() && !t.platforms().isEmpty() && t.size().isPresent()
                        && t.updatedAt().isPresent();
                return new TagView(t.name(),
                        t.digest().map(Object::toString).orElse(""),
                        t.digest().map(d -> Format.shortDigest(d.toString())).orElse("—"),
                        platforms(t.platforms()),
                        t.size().isPresent() ? Format.size(t.size().getAsLong()) : "—", "",
                        t.updatedAt().map(Format::dateTime).orElse("—"),
                        imageUrl(id, r, t.name()),
                        complete ? "" : "/explore/" + id + "/tag?repository=" + enc(r) + "&tag=" + enc(t.name())
                                + t.digest().map(d -> "&digest=" + enc(d.toString())).orElse(""));
            }).toList();
            return new Branch<>(id.toString(), items, page.next().map(n -> "/explore/" + id + "/tags?repository="
                    + enc(r) + "&cursor=" + enc(n)), Optional.empty());
        } catch (IOException e) {
            return new Branch<>(id.toString(), List.of(), Optional.empty(), Optional.of(failure(id, e)));
        }
    }

    /**
     * One tag's row with its details read from the registry (manifest, and config for an image); a registry that
     * fails leaves the row as the listing had it, with the reason in its title, so one bad tag spoils nothing else.
     */
    private TagView tag(Viewer viewer, String connector, String repository, String tag, Optional<String> digest)
            throws IOException {
        ConnectorId id = ConnectorId.parse(connector);
        Connector c = connectors.show(viewer.principal().organization(), id);
        String repo = repository.strip();
        ImageReference ref;
        Optional<Digest> known;
        try {
            ref = ConnectorReference.resolve(c, repo + ":" + tag.strip());
            known = digest.filter(d -> !d.isBlank()).map(d -> Digest.parse(d.strip()));
        } catch (IllegalArgumentException | OciException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        String url = imageUrl(id, repo, tag.strip());
        try (Connection conn = connectors.open(viewer.principal().organization(), id)) {
            TagDetails.Details d = calls.call(id.provider(), () -> details.of(id + " " + ref.repository(),
                    conn.registry().repository(ref), ref.identifier(), known));
            return new TagView(tag.strip(), d.digest().toString(), Format.shortDigest(d.digest().toString()),
                    platforms(d.platforms()), d.size().isPresent() ? Format.size(d.size().getAsLong()) : "—",
                    d.sizeNote(), d.created().map(Format::dateTime).orElse("—"), url, "");
        } catch (IOException e) {
            String k = known.map(Object::toString).orElse("");
            return new TagView(tag.strip(), k, k.isEmpty() ? "—" : Format.shortDigest(k), "—", "—",
                    "Not read: " + failure(id, e), "—", url, "");
        }
    }

    private static String platforms(List<Platform> platforms) {
        return platforms.isEmpty() ? "—" : String.join(", ", platforms.stream().map(Platform::toString).toList());
    }

    private static String imageUrl(ConnectorId id, String repository, String tag) {
        return "/images/" + id + "?reference=" + enc(repository + ":" + tag);
    }

    private List<SearchResult> search(Viewer viewer, List<Connector> all, String q) {
        String needle = q.toLowerCase(Locale.ROOT);
        List<SearchResult> out = new ArrayList<>();
        for (Connector c : all) {
            if (c.isBuiltIn()) {
                continue; // anonymous Docker Hub lists no repositories without a namespace: nothing to search
            }
            ConnectorView view = views.of(c);
            try {
                List<RepositoryInfo> repos = calls.call(c.provider(), () -> connectors.allRepositories(
                        viewer.principal().organization(), c.id(), SEARCH_LIMIT));
                List<RepositoryView> hits = repos.stream()
                        .filter(r -> r.name().toLowerCase(Locale.ROOT).contains(needle))
                        .map(r -> repository(c.id().toString(), r)).toList();
                if (!hits.isEmpty()) {
                    out.add(new SearchResult(view, hits, Optional.empty()));
                }
            } catch (IOException e) {
                out.add(new SearchResult(view, List.of(), Optional.of(failure(c.id(), e))));
            }
        }
        return out;
    }

    private static RepositoryView repository(String connector, RepositoryInfo r) {
        return new RepositoryView(connector, r.name(), r.updatedAt().map(Format::dateTime).orElse(""),
                "/explore/" + connector + "/tags?repository=" + enc(r.name()),
                "/explore?connector=" + enc(connector) + "&repository=" + enc(r.name()));
    }

    /** The image page's parameters: the inspection {@code whittle inspect -o json} prints, by the same code. */
    private Map<String, Object> image(Context ctx, Viewer viewer) throws IOException {
        ConnectorId id = RegistryPages.id(ctx);
        Connector c = connectors.show(viewer.principal().organization(), id);
        String given = Optional.ofNullable(ctx.queryParam("reference")).orElse("");
        ImageReference ref;
        Optional<Platform> platform;
        try {
            ref = ConnectorReference.resolve(c, given);
            String p = ctx.queryParam("platform");
            platform = p == null || p.isBlank() ? Optional.empty() : Optional.of(Platform.parse(p.strip()));
        } catch (IllegalArgumentException | OciException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        JsonNode doc;
        try (Connection conn = connectors.open(viewer.principal().organization(), id)) {
            Inspection inspection = calls.call(id.provider(), () -> Inspector.inspect(conn.registry().repository(ref),
                    ref.toString(), ref.identifier(), platform));
            doc = InspectionJson.of(inspection);
        }
        String repository = ref.repository();
        Map<String, Object> p = new HashMap<>();
        p.put("page", Page.of(ref.toString(), "explore", viewer, ctx.path()));
        p.put("c", views.of(c));
        p.put("doc", doc);
        p.put("reference", given.strip());
        p.put("repositoryUrl", "/explore?connector=" + enc(id.toString()) + "&repository=" + enc(repository));
        p.put("baseUrl", "/images/" + id + "?reference=" + enc(given.strip()));
        return p;
    }

    private static String failure(ConnectorId id, IOException e) {
        String m = e instanceof AccessException a ? a.getMessage() : "The registry could not be reached.";
        return m + (e instanceof AccessException a && (a.failure() == io.whittle.oci.Failure.UNAUTHORIZED
                || a.failure() == io.whittle.oci.Failure.DENIED) ? " Edit connector " + id + " to fix its credential."
                : "");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
