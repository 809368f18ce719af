package io.whittle.server.api.account;

import io.javalin.http.Context;
import io.whittle.platform.account.AccountStore;
import io.whittle.platform.account.IncorrectPasswordException;
import io.whittle.platform.account.InvalidAccountInputException;
import io.whittle.platform.account.Memberships;
import io.whittle.platform.account.Sessions;
import io.whittle.platform.org.OrganizationStore;
import io.whittle.server.auth.Principal;
import io.whittle.server.auth.SessionCookie;
import io.whittle.server.auth.SignInLimiter;
import io.whittle.server.http.Access;
import io.whittle.server.http.ApiResource;
import io.whittle.server.http.Bodies;
import io.whittle.server.http.FieldError;
import io.whittle.server.http.Routes;
import java.util.List;
import java.util.Objects;

/** The caller's own account: who they are and where they act, and changing their password. */
public final class MeResource implements ApiResource {
    private static final String TAG = "Session";

    private final AccountStore accounts;
    private final Sessions sessions;
    private final SessionCookie cookie;
    private final SignInLimiter limiter;
    private final AccountViews views;

    public MeResource(AccountStore accounts, Memberships memberships, OrganizationStore organizations, Sessions sessions,
                      SessionCookie cookie, SignInLimiter limiter) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.cookie = Objects.requireNonNull(cookie, "cookie");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.views = new AccountViews(accounts, memberships, organizations);
    }

    @Override
    public void register(Routes routes) {
        routes.get("/api/v1/me", Access.READ, d -> d.tag(TAG).summary("Who am I")
                .description("The caller, the organization this request acts in and their role there, and the "
                        + "organizations they can switch to.")
                .returns(MeBody.class), (ctx, caller) -> ctx.json(views.me(caller)));
        routes.post("/api/v1/me/password", Access.READ, d -> d.tag(TAG).summary("Change my password")
                .description("Checks the current password and sets the new one (at least 12 characters). Every "
                        + "browser session of the user ends, this one included: sign in again. API tokens stay valid.")
                .body(PasswordChangeRequest.class).status(204).problems(429), this::changePassword);
    }

    private void changePassword(Context ctx, Principal caller) {
        PasswordChangeRequest req = Bodies.read(ctx, PasswordChangeRequest.class);
        limiter.check(caller.username(), ctx.ip());
        try {
            accounts.changePassword(caller.user(), req.currentPassword().reveal().toCharArray(),
                    req.newPassword().reveal().toCharArray());
        } catch (IncorrectPasswordException e) {
            limiter.failed(caller.username(), ctx.ip());
            throw Bodies.invalid(List.of(FieldError.of("currentPassword", e.getMessage())));
        } catch (InvalidAccountInputException e) {
            throw Bodies.invalid(List.of(FieldError.of("newPassword", e.getMessage())));
        }
        sessions.closeAll(caller.user());
        if (caller.method() == Principal.AuthMethod.SESSION) {
            cookie.clear(ctx);
        }
        ctx.status(204);
    }
}
