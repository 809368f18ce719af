package io.whittle.server.api.account;

import io.javalin.http.Context;
import io.whittle.platform.account.ApiToken;
import io.whittle.platform.account.ApiTokens;
import io.whittle.platform.account.IssuedToken;
import io.whittle.platform.account.Memberships;
import io.whittle.platform.org.Organization;
import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.org.OrganizationStore;
import io.whittle.server.auth.Principal;
import io.whittle.server.http.Access;
import io.whittle.server.http.ApiProblem;
import io.whittle.server.http.ApiResource;
import io.whittle.server.http.Bodies;
import io.whittle.server.http.PageBody;
import io.whittle.server.http.Pagination;
import io.whittle.server.http.Routes;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The caller's API tokens: listed without their secrets, created (the secret is in that one response only), and
 * revoked. Creating a token needs a browser session: a token that could mint tokens would let a short-lived or
 * leaked token turn into a lasting one.
 */
public final class TokenResource implements ApiResource {
    private static final String TAG = "API tokens";

    private final ApiTokens tokens;
    private final Memberships memberships;
    private final OrganizationStore organizations;
    private final Clock clock;

    public TokenResource(ApiTokens tokens, Memberships memberships, OrganizationStore organizations, Clock clock) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.memberships = Objects.requireNonNull(memberships, "memberships");
        this.organizations = Objects.requireNonNull(organizations, "organizations");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/tokens", Access.READ, d -> d.tag(TAG).summary("List my API tokens")
                .description("The caller's tokens in every organization, revoked and expired ones included, "
                        + "without their secrets.")
                .returnsPageOf(TokenBody.class), this::list);
        routes.post("/api/v1/tokens", Access.READ, d -> d.tag(TAG).summary("Create an API token")
                .description("A token acting as the caller in one organization (the session's current one unless "
                        + "'organization' names another of theirs), with the caller's role there at each use. The "
                        + "response holds the secret: it is shown this once. Needs a browser session.")
                .body(TokenRequest.class).returns(CreatedTokenBody.class).status(201).problems(404), this::create);
        routes.delete("/api/v1/tokens/{id}", Access.READ, d -> d.tag(TAG).summary("Revoke an API token")
                .description("The token stops working at once.").status(204), this::revoke);
    }

    private void list(Context ctx, Principal caller) {
        Map<OrganizationId, String> slugs = new HashMap<>();
        Instant now = clock.instant();
        List<TokenBody> all = tokens.list(caller.user()).stream()
                .map(t -> TokenBody.of(t, slug(slugs, t), now))
                .toList();
        ctx.json(PageBody.of(Pagination.slice(all, Pagination.request(ctx), b -> Pagination.timeKey(b.createdAt(), b.id())), b -> b));
    }

    private void create(Context ctx, Principal caller) {
        if (caller.method() != Principal.AuthMethod.SESSION) {
            throw ApiProblem.forbidden("API tokens are created from a browser session (sign in), not with another "
                    + "token, so that a token cannot outlive the one that made it.");
        }
        TokenRequest req = Bodies.read(ctx, TokenRequest.class);
        OrganizationId org = caller.organization();
        if (req.organization().isPresent()) {
            String slug = req.organization().get().strip();
            org = organizations.bySlug(slug)
                    .filter(o -> memberships.role(o.id(), caller.user()).isPresent())
                    .map(Organization::id)
                    .orElseThrow(() -> ApiProblem.notFound("You are not a member of an organization '" + slug
                            + "': GET /api/v1/organizations lists yours."));
        }
        IssuedToken issued = tokens.create(caller.user(), org, req.name(), req.expiresAt());
        ctx.status(201);
        ctx.json(new CreatedTokenBody(TokenBody.of(issued.token(), slug(new HashMap<>(), issued.token()),
                clock.instant()), issued.secret()));
    }

    private void revoke(Context ctx, Principal caller) {
        UUID id;
        try {
            id = UUID.fromString(ctx.pathParam("id"));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.notFound("There is no API token with that id among yours: GET /api/v1/tokens lists them.");
        }
        tokens.revoke(caller.user(), id);
        ctx.status(204);
    }

    private String slug(Map<OrganizationId, String> cache, ApiToken t) {
        return cache.computeIfAbsent(t.organization(),
                id -> organizations.get(id).map(Organization::slug).orElse(id.toString()));
    }
}
