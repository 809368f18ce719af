package io.whittle.server.api.system;

import io.whittle.server.http.Access;
import io.whittle.server.http.ApiResource;
import io.whittle.server.http.Routes;
import io.whittle.server.metrics.ServerMetrics;
import java.util.Objects;

/** Prometheus metrics for server administrators; Prometheus sends an administrator's API token as a bearer token. */
public final class MetricsResource implements ApiResource {
    private final ServerMetrics metrics;

    public MetricsResource(ServerMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void register(Routes routes) {
        routes.get("/metrics", Access.ADMIN, d -> d.tag("Health").summary("Prometheus metrics")
                .description("Requests, jobs, registry calls and bytes moved, and the JVM, in the Prometheus text "
                        + "format. Configure Prometheus with an administrator's API token as its bearer token.")
                .produces(ServerMetrics.CONTENT_TYPE), (ctx, caller) -> {
                    ctx.contentType(ServerMetrics.CONTENT_TYPE);
                    ctx.result(metrics.scrape());
                });
    }
}
