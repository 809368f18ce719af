package io.whittle.server.api.account;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.whittle.platform.account.Setup;
import io.whittle.platform.account.User;
import io.whittle.server.http.ApiResource;
import io.whittle.server.http.Bodies;
import io.whittle.server.http.Csp;
import io.whittle.server.http.Routes;
import java.util.Objects;

/**
 * The first start of a server without an administrator: the link the server printed opens {@code /setup}, a small
 * page whose form posts the link's one-time token with a username and password to {@code POST /api/v1/setup}, which
 * creates the administrator and burns the token.
 */
public final class SetupResource implements ApiResource {
    private static final String TAG = "Setup";

    /** The page's script, allowed by its hash in the page's Content-Security-Policy (no other script runs). */
    private static final String SCRIPT = """
            const form = document.getElementById('setup');
            const out = document.getElementById('result');
            form.addEventListener('submit', async (event) => {
              event.preventDefault();
              const token = new URLSearchParams(window.location.search).get('token') || '';
              const body = {token, username: form.username.value, password: form.password.value};
              if (form.displayName.value) { body.displayName = form.displayName.value; }
              const response = await fetch('/api/v1/setup', {method: 'POST',
                  headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
              const answer = await response.json();
              out.textContent = response.ok
                  ? 'Administrator ' + answer.username + ' created: sign in with it.'
                  : answer.detail;
              if (response.ok) { form.remove(); }
            });
            """;

    private static final String PAGE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Whittle setup</title>
            <style>body{font-family:sans-serif;max-width:32rem;margin:3rem auto}label{display:block;margin:.8rem 0}
            input{width:100%%;padding:.3rem}</style></head>
            <body><h1>Create the first administrator</h1>
            <form id="setup">
            <label>Username <input name="username" autocomplete="username" required></label>
            <label>Display name (optional) <input name="displayName"></label>
            <label>Password (at least 12 characters) <input name="password" type="password" minlength="12"
             autocomplete="new-password" required></label>
            <button type="submit">Create administrator</button></form>
            <p id="result" role="status"></p>
            <script>%s</script></body></html>
            """.formatted(SCRIPT);

    private static final String CSP = "default-src 'none'; script-src " + Csp.scriptHash(SCRIPT) + "; "
            + "style-src 'unsafe-inline'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private final Setup setup;

    public SetupResource(Setup setup) {
        this.setup = Objects.requireNonNull(setup, "setup");
    }

    @Override
    public void register(Routes routes) {
        routes.open(HandlerType.POST, "/api/v1/setup", d -> d.tag(TAG).summary("Create the first administrator")
                .description("Takes the one-time token from the setup link the server printed at its first start "
                        + "(valid for 24 hours, until an administrator exists). Needs no other credentials.")
                .body(SetupRequest.class).returns(UserBody.class).status(201).problems(403, 409), this::complete);
        routes.open(HandlerType.GET, "/setup", d -> d.tag(TAG).summary("The setup page")
                .description("The page the setup link opens: a form for the first administrator's username and "
                        + "password, posted to POST /api/v1/setup with the link's token.")
                .produces("text/html"), this::page);
    }

    private void complete(Context ctx) {
        SetupRequest req = Bodies.read(ctx, SetupRequest.class);
        User admin = setup.complete(req.token().reveal(), req.username(), req.displayName().orElse(""),
                req.password().reveal().toCharArray());
        ctx.status(201);
        ctx.json(UserBody.of(admin));
    }

    private void page(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(PAGE);
    }

}
