package io.whittle.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics, with the few methods the rest of the server calls: HTTP requests (by method,
 * route template and status), jobs (finished by kind and final state; queued and running now), and registry calls
 * made through connectors (by provider and outcome, and bytes moved by provider and direction). Tags hold only
 * bounded values (route templates, never paths with ids; provider ids, never hosts), so series stay few.
 */
public final class ServerMetrics {
    /** Content type of {@link #scrape()}: the Prometheus text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** Outcomes of a registry call, as the {@code outcome} tag. */
    public enum Outcome {
        SUCCESS,
        NOT_FOUND,
        UNAUTHORIZED,
        DENIED,
        RATE_LIMITED,
        BLOCKED,
        FAILED;

        String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Which way bytes went, as the {@code direction} tag. */
    public enum Direction {
        PULLED,
        PUSHED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** One HTTP request: {@code route} is the route template ({@code /api/v1/connectors/{id}}) or "unmatched". */
    public void request(String method, String route, int status, Duration duration) {
        Timer.builder("whittle.http.requests")
                .description("HTTP requests served, by method, route template and status")
                .tag("method", method)
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .register(registry)
                .record(duration);
    }

    /** A job reached a final state ({@code succeeded}, {@code failed}, {@code cancelled}). */
    public void jobFinished(String kind, String state) {
        Counter.builder("whittle.jobs.finished")
                .description("Jobs that reached a final state, by kind and state")
                .tag("kind", kind)
                .tag("state", state)
                .register(registry)
                .increment();
    }

    /** Gauges of the jobs waiting and running now; the suppliers are asked at each scrape. */
    public void jobGauges(Supplier<Number> queued, Supplier<Number> running) {
        Objects.requireNonNull(queued, "queued");
        Objects.requireNonNull(running, "running");
        Gauge.builder("whittle.jobs.queued", () -> queued.get())
                .description("Jobs waiting for a worker").register(registry);
        Gauge.builder("whittle.jobs.running", () -> running.get())
                .description("Jobs running now").register(registry);
    }

    /** One call to a registry through a connector of {@code provider} ({@code ghcr}, {@code ecr}…). */
    public void registryCall(String provider, Outcome outcome) {
        Counter.builder("whittle.registry.calls")
                .description("Registry calls made through connectors, by provider and outcome")
                .tag("provider", provider)
                .tag("outcome", outcome.tag())
                .register(registry)
                .increment();
    }

    /** Bytes of blobs and manifests moved to or from a registry through a connector of {@code provider}. */
    public void bytesTransferred(String provider, Direction direction, long bytes) {
        if (bytes <= 0) {
            return;
        }
        Counter.builder("whittle.registry.bytes")
                .description("Bytes moved to and from registries, by provider and direction")
                .baseUnit("bytes")
                .tag("provider", provider)
                .tag("direction", direction.tag())
                .register(registry)
                .increment(bytes);
    }

    /** Everything in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    /** The underlying registry, for code that binds its own meters (connection pools, executors). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
