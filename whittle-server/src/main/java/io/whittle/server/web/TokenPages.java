package io.whittle.server.web;

import io.javalin.http.Context;
import io.whittle.platform.account.ApiToken;
import io.whittle.platform.account.ApiTokens;
import io.whittle.platform.account.IssuedToken;
import io.whittle.platform.account.Membership;
import io.whittle.platform.account.InvalidAccountInputException;
import io.whittle.platform.account.AccountNotFoundException;
import io.whittle.platform.org.OrganizationId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The viewer's API tokens: created for one of their organizations with an optional expiry, listed without secrets,
 * and revoked. Creating redirects (post, redirect, get) so that reloading creates nothing; the page the redirect
 * leads to shows the secret once, from {@link CreatedTokens}, and never again.
 */
public final class TokenPages {
    /** The expiry choices of the form: label and how long, none for a token that does not expire. */
    static final List<Map.Entry<String, Optional<Duration>>> EXPIRIES = List.of(
            Map.entry("30 days", Optional.of(Duration.ofDays(30))),
            Map.entry("90 days", Optional.of(Duration.ofDays(90))),
            Map.entry("1 year", Optional.of(Duration.ofDays(365))),
            Map.entry("Never", Optional.empty()));

    /** A token as the list shows it. */
    public record TokenView(String id, String name, String prefix, String organization, String created,
                            String expires, String lastUsed, String state, boolean active) {
    }

    private static final String SHOWN_BEFORE = "whittle.token-shown-before";

    private final ApiTokens tokens;
    private final Clock clock;
    private final CreatedTokens created;

    TokenPages(ApiTokens tokens, Clock clock) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.created = new CreatedTokens(clock);
    }

    void register(PageRoutes pages) {
        pages.get("/tokens", (ctx, viewer) -> {
            Optional<String> handle = Optional.ofNullable(ctx.queryParam("created"));
            Optional<IssuedToken> issued = handle.flatMap(h -> created.take(viewer.csrf(), h));
            ctx.attribute(SHOWN_BEFORE, handle.isPresent() && issued.isEmpty());
            page(pages, ctx, viewer, 200, issued, Optional.empty(), "");
        });
        pages.post("/tokens", (ctx, viewer) -> {
            String name = Optional.ofNullable(ctx.formParam("name")).orElse("").strip();
            String slug = Optional.ofNullable(ctx.formParam("organization")).orElse("");
            Optional<Membership> org = viewer.organizations().stream()
                    .filter(m -> m.organization().slug().equals(slug)).findFirst();
            Optional<Duration> expiry = EXPIRIES.stream().filter(e -> e.getKey().equals(ctx.formParam("expires")))
                    .findFirst().map(Map.Entry::getValue).orElse(Optional.of(Duration.ofDays(90)));
            if (name.isEmpty()) {
                page(pages, ctx, viewer, 422, Optional.empty(), Optional.of("Give the token a name that says where"
                        + " it is used, such as laptop or ci."), name);
                return;
            }
            if (org.isEmpty()) {
                page(pages, ctx, viewer, 422, Optional.empty(), Optional.of("Pick one of your organizations for the"
                        + " token."), name);
                return;
            }
            OrganizationId orgId = org.get().organization().id();
            try {
                IssuedToken issued = tokens.create(viewer.principal().user(), orgId, name,
                        expiry.map(d -> clock.instant().plus(d)));
                PageRoutes.redirect(ctx, "/tokens?created=" + created.keep(viewer.csrf(), issued));
            } catch (InvalidAccountInputException e) {
                page(pages, ctx, viewer, 422, Optional.empty(), Optional.of(e.getMessage()), name);
            }
        });
        pages.post("/tokens/{id}/revoke", (ctx, viewer) -> {
            try {
                tokens.revoke(viewer.principal().user(), UUID.fromString(ctx.pathParam("id")));
            } catch (IllegalArgumentException | AccountNotFoundException e) {
                pages.error(ctx, Optional.of(viewer), 404, "Not found", "There is no such API token among yours:"
                        + " it may have been revoked already.");
                return;
            }
            PageRoutes.redirect(ctx, "/tokens?revoked");
        });
    }

    private void page(PageRoutes pages, Context ctx, Viewer viewer, int status, Optional<IssuedToken> created,
                      Optional<String> nameError, String name) {
        ctx.header("Cache-Control", "no-store"); // a secret, or a form to make one: never kept by a cache or history
        Instant now = clock.instant();
        Map<String, String> slugs = new HashMap<>();
        viewer.organizations().forEach(m -> slugs.put(m.organization().id().toString(), m.organization().name()));
        List<TokenView> list = tokens.list(viewer.principal().user()).stream()
                .map(t -> view(t, slugs, now)).toList();
        Map<String, Object> p = new HashMap<>();
        p.put("page", Page.of("API tokens", "tokens", viewer, ctx.path()));
        p.put("tokens", list);
        p.put("created", created.map(IssuedToken::secret));
        p.put("createdName", created.map(c -> c.token().name()).orElse(""));
        p.put("nameError", nameError);
        p.put("name", name);
        p.put("expiries", EXPIRIES.stream().map(Map.Entry::getKey).toList());
        p.put("revoked", ctx.queryParam("revoked") != null);
        p.put("shownBefore", Boolean.TRUE.equals(ctx.attribute(SHOWN_BEFORE)));
        pages.templates().respond(ctx, status, "tokens.jte", p);
    }

    private static TokenView view(ApiToken t, Map<String, String> orgs, Instant now) {
        String state = t.revokedAt().isPresent() ? "revoked"
                : t.expiresAt().map(e -> !now.isBefore(e)).orElse(false) ? "expired" : "active";
        return new TokenView(t.id().toString(), t.name(), t.displayPrefix(),
                orgs.getOrDefault(t.organization().toString(), "an organization you left"),
                Format.dateTime(t.createdAt()), Format.dateTime(t.expiresAt(), "never"),
                Format.dateTime(t.lastUsedAt(), "never"), state, state.equals("active"));
    }
}
