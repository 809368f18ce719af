package io.whittle.server;

import io.whittle.platform.job.JobHandler;
import io.whittle.platform.job.JobService;
import io.whittle.platform.report.XrayReportStore;
import io.whittle.server.api.account.MeResource;
import io.whittle.server.api.account.OrganizationResource;
import io.whittle.server.api.account.SessionResource;
import io.whittle.server.api.account.SetupResource;
import io.whittle.server.api.account.TokenResource;
import io.whittle.server.api.jobs.JobResource;
import io.whittle.server.api.registry.BrowseResource;
import io.whittle.server.api.registry.ConnectorResource;
import io.whittle.server.api.registry.ImageResource;
import io.whittle.server.api.registry.ProviderResource;
import io.whittle.server.api.registry.RegistryCalls;
import io.whittle.server.api.system.HealthResource;
import io.whittle.server.api.system.MetricsResource;
import io.whittle.server.auth.SessionCookie;
import io.whittle.server.auth.SignInLimiter;
import io.whittle.server.http.ApiResource;
import io.whittle.server.api.xray.XrayReports;
import io.whittle.server.api.xray.XrayResource;
import io.whittle.server.jobs.CopyJob;
import io.whittle.server.jobs.XrayJob;
import io.whittle.server.web.WebUi;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What the server is made of, in one place: the job handlers, the API resources and the web UI. A new job kind or a
 * new group of routes is one line here. (The API document and Swagger UI are added by {@link WhittleServer} after
 * all of these, so that they describe every route.)
 */
final class Components {
    private Components() {
    }

    // ==== JOB HANDLERS: one line per job kind =====================================================================
    static List<JobHandler> jobHandlers(Services s) {
        List<JobHandler> handlers = new ArrayList<>();
        handlers.add(new CopyJob(s.connectors(), new RegistryCalls(s.metrics())));
        handlers.add(xrayJob(s));
        return handlers;
    }

    static XrayJob xrayJob(Services s) {
        return new XrayJob(s.connectors(), new RegistryCalls(s.metrics()), new XrayReportStore(s.database()),
                XrayJob.options(s.config().dataDir()), s.clock());
    }

    static XrayReports xrayReports(Services s, JobService jobs) {
        return new XrayReports(new XrayReportStore(s.database()), jobs, xrayJob(s), s.connectors(),
                new RegistryCalls(s.metrics()));
    }

    // ==== API RESOURCES: one line per group of routes =============================================================
    static List<ApiResource> apiResources(Services s, JobService jobs, BooleanSupplier jobsRunning,
                                          SignInLimiter limiter) {
        SessionCookie cookie = new SessionCookie(s.config().secureCookies());
        List<ApiResource> resources = new ArrayList<>();
        // System: health and metrics.
        resources.add(new HealthResource(s.database(), jobsRunning));
        resources.add(new MetricsResource(s.metrics()));
        // Accounts: setup, sessions, the caller, tokens, organizations.
        resources.add(new SetupResource(s.setup()));
        resources.add(new SessionResource(s.accounts(), s.memberships(), s.organizations(), s.sessions(), cookie,
                limiter, s.config().sessionLifetime()));
        resources.add(new MeResource(s.accounts(), s.memberships(), s.organizations(), s.sessions(), cookie, limiter));
        resources.add(new TokenResource(s.tokens(), s.memberships(), s.organizations(), s.clock()));
        resources.add(new OrganizationResource(s.accounts(), s.memberships(), s.organizations()));
        // Registry: providers, connectors, repositories and tags, images (io.whittle.server.api.registry).
        resources.add(new ProviderResource(s.connectors()));
        RegistryCalls registryCalls = new RegistryCalls(s.metrics());
        resources.add(new ConnectorResource(s.connectors(), s.providerContext().policy(), registryCalls));
        resources.add(new BrowseResource(s.connectors(), registryCalls));
        resources.add(new ImageResource(s.connectors(), registryCalls));
        // Jobs (io.whittle.server.api.jobs).
        resources.add(new JobResource(jobs, jobHandlers(s)));
        // X-ray: runs as jobs, reports stored (io.whittle.server.api.xray).
        resources.add(new XrayResource(xrayReports(s, jobs)));
        return resources;
    }

    // ==== WEB UI: the pages under / (io.whittle.server.web), over the same services ==============================
    static WebUi webUi(Services s, JobService jobs, SignInLimiter limiter) {
        return new WebUi(s, new SessionCookie(s.config().secureCookies()), limiter, xrayReports(s, jobs), jobs);
    }
}
