package io.whittle.server.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.whittle.server.http.RequestTracking;
import java.util.Map;
import java.util.Optional;

/**
 * The page a browser gets for an address that is no page: the usual layout, plain words and a way back, instead of
 * the problem document the API answers with. Only a browser's GET (or HEAD) outside {@code /api} that accepts HTML
 * gets it; the API and every other client keep their {@code application/problem+json}.
 */
public final class NotFoundPage {
    private static final Templates TEMPLATES = new Templates();

    private NotFoundPage() {
    }

    /** Whether the unmatched request {@code ctx} is a browser's, asking for a page. */
    public static boolean wanted(Context ctx) {
        String path = ctx.path();
        String accept = ctx.header("Accept");
        return (ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD)
                && !path.equals("/api") && !path.startsWith("/api/")
                && accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/html");
    }

    /** Answers 404 with the page, its header the signed-in viewer's when there is one. */
    static void respond(Context ctx, Optional<Viewer> viewer) {
        ctx.header("Content-Security-Policy", PageRoutes.CSP);
        Page page = viewer.map(v -> Page.of("Page not found", "", v, ctx.path()))
                .orElseGet(() -> Page.anonymous("Page not found"));
        TEMPLATES.respond(ctx, 404, "error.jte", Map.of("page", page, "status", 404,
                "message", "There is no page at this address. Check the address for a typo, or start again from"
                        + " My Registries.", "requestId", RequestTracking.requestId(ctx).orElse("")));
    }
}
