package io.whittle.server.web;

import io.whittle.platform.job.JobService;
import io.whittle.server.Services;
import io.whittle.server.api.xray.XrayReports;
import io.whittle.server.api.registry.DestinationCheck;
import io.whittle.server.api.registry.RegistryCalls;
import io.whittle.server.auth.PrincipalAuthenticator;
import io.whittle.server.auth.SessionCookie;
import io.whittle.server.auth.SignInLimiter;
import io.whittle.server.http.Routes;
import io.javalin.http.Context;
import java.util.Objects;
import java.util.Optional;

/**
 * The web UI: server-rendered pages under {@code /} over the same services as the REST API (connectors, accounts,
 * sessions, tokens), with htmx for the parts that refresh in place. Pages are not API routes: they are registered
 * with {@link Routes#page} and so stay out of the API document.
 */
public final class WebUi {
    private final Services services;
    private final SessionCookie cookie;
    private final SignInLimiter limiter;
    private final XrayReports xray;
    private final JobService jobs;

    private volatile PageRoutes pages;

    public WebUi(Services services, SessionCookie cookie, SignInLimiter limiter, XrayReports xray, JobService jobs) {
        this.services = Objects.requireNonNull(services, "services");
        this.cookie = Objects.requireNonNull(cookie, "cookie");
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.xray = Objects.requireNonNull(xray, "xray");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
    }

    /**
     * Answers an unmatched browser request with the 404 page (the signed-in viewer's header when there is one),
     * returning true; API and other clients are left to the problem document. For {@code ExceptionMapping.install}.
     */
    public boolean respondNotFound(Context ctx) {
        if (!NotFoundPage.wanted(ctx)) {
            return false;
        }
        PageRoutes registered = pages;
        NotFoundPage.respond(ctx, registered == null ? Optional.empty() : registered.viewerIfAny(ctx));
        return true;
    }

    /** Registers every page, form post, partial and asset. */
    public void register(Routes routes) {
        Services s = services;
        PageRoutes pages = new PageRoutes(routes, new PrincipalAuthenticator(s.tokens(), s.sessions(), s.accounts(),
                s.memberships()), s.sessions(), s.accounts(), s.memberships(), s.organizations(), cookie,
                new Templates());
        RegistryCalls calls = new RegistryCalls(s.metrics());
        Assets.register(routes);
        new SignInPages(s.accounts(), s.memberships(), s.organizations(), s.sessions(), limiter,
                s.config().sessionLifetime()).register(pages);
        ConnectorViews views = new ConnectorViews(s.connectors(), s.clock());
        new ConnectPages(s.connectors(), new DestinationCheck(s.providerContext().policy()), calls).register(pages);
        new RegistryPages(s.connectors(), calls, views).register(pages);
        new ExplorerPages(s.connectors(), calls, views, new TagDetails(s.clock())).register(pages);
        new TokenPages(s.tokens(), s.clock()).register(pages);
        new XrayPages(xray, jobs).register(pages);
        this.pages = pages;
    }
}
