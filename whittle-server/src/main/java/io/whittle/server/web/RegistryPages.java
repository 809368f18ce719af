package io.whittle.server.web;

import io.javalin.http.Context;
import io.whittle.connector.ConnectorOutcome;
import io.whittle.connector.ConnectorService;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorId;
import io.whittle.server.api.registry.RegistryCalls;
import io.whittle.server.http.Access;
import io.whittle.server.http.Routes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * My Registries: every connector of the organization with its status, access and last check, and per connector its
 * own page (its ID, the CLI commands that use it, its settings and which secrets it holds), a test that refreshes its
 * row in place, and deletion behind a confirmation page.
 */
final class RegistryPages {
    private final ConnectorService connectors;
    private final RegistryCalls calls;
    private final ConnectorViews views;

    RegistryPages(ConnectorService connectors, RegistryCalls calls, ConnectorViews views) {
        this.connectors = Objects.requireNonNull(connectors, "connectors");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.views = Objects.requireNonNull(views, "views");
    }

    void register(PageRoutes pages) {
        pages.get("/registries", (ctx, viewer) -> {
            List<ConnectorView> rows = connectors.list(viewer.principal().organization()).stream()
                    .map(this::view).toList();
            Map<String, Object> p = new HashMap<>();
            p.put("page", Page.of("My Registries", "registries", viewer, ctx.path()));
            p.put("rows", rows);
            p.put("deleted", Optional.ofNullable(ctx.queryParam("deleted")));
            pages.templates().respond(ctx, 200, "registries.jte", p);
        });
        pages.get("/registries/{id}", (ctx, viewer) -> {
            Connector c = connectors.show(viewer.principal().organization(), id(ctx));
            Map<String, Object> p = new HashMap<>();
            p.put("page", Page.of(c.name(), "registries", viewer, ctx.path()));
            p.put("c", view(c));
            p.put("settings", views.settings(c));
            p.put("secrets", views.secrets(c));
            p.put("saved", ctx.queryParam("saved") != null);
            pages.templates().respond(ctx, 200, "registry.jte", p);
        });
        pages.post("/registries/{id}/test", (ctx, viewer) -> {
            Routes.check(viewer.principal(), Access.WRITE);
            ConnectorId id = id(ctx);
            ConnectorOutcome o = connectors.test(viewer.principal().organization(), id);
            o.failure().ifPresentOrElse(f -> calls.count(id.provider(), f.failure()),
                    () -> calls.success(id.provider()));
            boolean row = "row".equals(ctx.formParam("view"));
            if (!PageRoutes.htmx(ctx)) {
                PageRoutes.redirect(ctx, row ? "/registries" : "/registries/" + id);
                return;
            }
            Map<String, Object> p = new HashMap<>();
            p.put("c", view(o.connector()));
            p.put("viewer", viewer);
            pages.templates().respond(ctx, 200, row ? "registryRow.jte" : "registryStatus.jte", p);
        });
        pages.get("/registries/{id}/delete", (ctx, viewer) -> {
            Routes.check(viewer.principal(), Access.WRITE);
            Connector c = connectors.show(viewer.principal().organization(), id(ctx));
            Map<String, Object> p = new HashMap<>();
            p.put("page", Page.of("Delete " + c.name(), "registries", viewer, ctx.path()));
            p.put("c", view(c));
            pages.templates().respond(ctx, 200, "delete.jte", p);
        });
        pages.post("/registries/{id}/delete", (ctx, viewer) -> {
            Routes.check(viewer.principal(), Access.WRITE);
            ConnectorId id = id(ctx);
            connectors.show(viewer.principal().organization(), id);
            connectors.delete(viewer.principal().organization(), id);
            PageRoutes.redirect(ctx, "/registries?deleted=" + id);
        });
    }

    private ConnectorView view(Connector c) {
        return views.of(c);
    }

    /** The connector ID of the path; a malformed one is the same 404 page as a missing connector. */
    static ConnectorId id(Context ctx) {
        return ConnectorId.parse(ctx.pathParam("id").strip());
    }
}
