package io.whittle.server.api.account;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.whittle.platform.account.AccountStore;
import io.whittle.platform.account.Member;
import io.whittle.platform.account.Memberships;
import io.whittle.platform.account.Role;
import io.whittle.platform.account.User;
import io.whittle.platform.org.Organization;
import io.whittle.platform.org.OrganizationStore;
import io.whittle.server.auth.Principal;
import io.whittle.server.http.Access;
import io.whittle.server.http.ApiProblem;
import io.whittle.server.http.ApiResource;
import io.whittle.server.http.Bodies;
import io.whittle.server.http.FieldError;
import io.whittle.server.http.OrganizationScope;
import io.whittle.server.http.PageBody;
import io.whittle.server.http.Pagination;
import io.whittle.server.http.Routes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Organizations and their members. Everyone has a personal organization; shared ones are created by any user, who
 * becomes their owner. An organization is visible only to its members (to anyone else it does not exist: 404), and
 * through an API token only the token's own organization is. Owners add members, change roles and remove members.
 */
public final class OrganizationResource implements ApiResource {
    private static final String TAG = "Organizations";
    private static final String ORG = "/api/v1/organizations/{slug}";

    private final AccountStore accounts;
    private final Memberships memberships;
    private final OrganizationStore organizations;
    private final AccountViews views;

    public OrganizationResource(AccountStore accounts, Memberships memberships, OrganizationStore organizations) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.memberships = Objects.requireNonNull(memberships, "memberships");
        this.organizations = Objects.requireNonNull(organizations, "organizations");
        this.views = new AccountViews(accounts, memberships, organizations);
    }

    @Override
    public void register(Routes routes) {
        OrganizationScope scope = this::scope;
        routes.get("/api/v1/organizations", Access.READ, d -> d.tag(TAG).summary("List my organizations")
                .description("The organizations the caller belongs to, with their role in each; through an API "
                        + "token, only the token's organization.")
                .returnsPageOf(OrganizationBody.class), this::list);
        routes.post("/api/v1/organizations", Access.READ, d -> d.tag(TAG).summary("Create an organization")
                .description("A shared organization with the caller as its owner. The slug is its unique short name.")
                .body(OrganizationRequest.class).returns(OrganizationBody.class).status(201).problems(409),
                this::create);
        routes.scoped(HandlerType.GET, ORG, Access.READ, scope, d -> d.tag(TAG).summary("Show an organization")
                .returns(OrganizationBody.class), this::show);
        routes.scoped(HandlerType.GET, ORG + "/members", Access.READ, scope, d -> d.tag(TAG)
                .summary("List an organization's members").returnsPageOf(MemberBody.class), this::members);
        routes.scoped(HandlerType.POST, ORG + "/members", Access.MANAGE, scope, d -> d.tag(TAG)
                .summary("Add a member").description("Adds an existing user, by username, with a role.")
                .body(MemberRequest.class).returns(MemberBody.class).status(201).problems(409), this::addMember);
        routes.scoped(HandlerType.PATCH, ORG + "/members/{username}", Access.MANAGE, scope, d -> d.tag(TAG)
                .summary("Change a member's role")
                .description("An organization keeps at least one owner.")
                .body(RoleRequest.class).returns(MemberBody.class).problems(409), this::changeRole);
        routes.scoped(HandlerType.DELETE, ORG + "/members/{username}", Access.MANAGE, scope, d -> d.tag(TAG)
                .summary("Remove a member")
                .description("The member loses access at once, API tokens included. An organization keeps at "
                        + "least one owner.").status(204).problems(409), this::removeMember);
    }

    /** The caller in the organization the path names, when they may see it. */
    private Optional<Principal> scope(Context ctx, Principal caller) {
        return organizations.bySlug(ctx.pathParam("slug"))
                .filter(o -> caller.method() == Principal.AuthMethod.SESSION || o.id().equals(caller.organization()))
                .flatMap(o -> memberships.role(o.id(), caller.user()).map(role -> caller.in(o.id(), role)));
    }

    private void list(Context ctx, Principal caller) {
        User user = views.user(caller);
        List<OrganizationBody> all = views.organizations(caller, user);
        ctx.json(PageBody.of(Pagination.slice(all, Pagination.request(ctx), OrganizationBody::slug), b -> b));
    }

    private void create(Context ctx, Principal caller) {
        OrganizationRequest req = Bodies.read(ctx, OrganizationRequest.class);
        String slug = req.slug().strip();
        Organization org = memberships.createShared(caller.user(), slug, req.name().orElse(slug));
        ctx.status(201);
        ctx.json(OrganizationBody.of(org, Role.OWNER, false));
    }

    private void show(Context ctx, Principal there) {
        Organization org = organization(there);
        User user = views.user(there);
        ctx.json(OrganizationBody.of(org, there.role(), org.id().equals(user.personalOrganization())));
    }

    private void members(Context ctx, Principal there) {
        List<MemberBody> all = memberships.members(there.organization()).stream().map(MemberBody::of).toList();
        ctx.json(PageBody.of(Pagination.slice(all, Pagination.request(ctx), MemberBody::username), b -> b));
    }

    private void addMember(Context ctx, Principal there) {
        MemberRequest req = Bodies.read(ctx, MemberRequest.class);
        User user = accounts.byUsername(req.username()).orElseThrow(() -> Bodies.invalid(List.of(FieldError.of(
                "username", "There is no user '" + req.username().strip() + "': check the spelling, or ask an "
                        + "administrator to create the account."))));
        memberships.add(there.organization(), user.username(), req.role());
        ctx.status(201);
        ctx.json(new MemberBody(user.username(), user.displayName(), req.role()));
    }

    private void changeRole(Context ctx, Principal there) {
        RoleRequest req = Bodies.read(ctx, RoleRequest.class);
        Member member = member(ctx, there);
        memberships.changeRole(there.organization(), member.user().id(), req.role());
        ctx.json(new MemberBody(member.user().username(), member.user().displayName(), req.role()));
    }

    private void removeMember(Context ctx, Principal there) {
        Member member = member(ctx, there);
        memberships.remove(there.organization(), member.user().id());
        ctx.status(204);
    }

    private Member member(Context ctx, Principal there) {
        String username = ctx.pathParam("username");
        return memberships.members(there.organization()).stream()
                .filter(m -> m.user().username().equalsIgnoreCase(username))
                .findFirst()
                .orElseThrow(() -> ApiProblem.notFound("'" + username + "' is not a member of this organization: "
                        + "list the members to see who is."));
    }

    private Organization organization(Principal there) {
        return organizations.get(there.organization()).orElseThrow(() -> ApiProblem.notFound(
                "That organization no longer exists: GET /api/v1/organizations lists yours."));
    }
}
