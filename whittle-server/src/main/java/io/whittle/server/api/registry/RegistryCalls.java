package io.whittle.server.api.registry;

import io.whittle.oci.AccessException;
import io.whittle.oci.Failure;
import io.whittle.server.metrics.ServerMetrics;
import java.io.IOException;
import java.util.Objects;

/**
 * Counts the registry work done through connectors in the server's metrics, by provider and outcome: one count per
 * API operation that reaches a registry (a page of repositories or tags, an inspection, a test, a copy's source and
 * target), whatever number of HTTP requests it took.
 */
public final class RegistryCalls {
    private final ServerMetrics metrics;

    public RegistryCalls(ServerMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @FunctionalInterface
    public interface Work<T> {
        T run() throws IOException;
    }

    /** Runs {@code work} against a registry of {@code provider}, counting its outcome. */
    public <T> T call(String provider, Work<T> work) throws IOException {
        try {
            T result = work.run();
            metrics.registryCall(provider, ServerMetrics.Outcome.SUCCESS);
            return result;
        } catch (AccessException e) {
            metrics.registryCall(provider, outcome(e.failure()));
            throw e;
        }
    }

    /** Counts one outcome that was reached without an exception (a test whose check failed). */
    public void count(String provider, Failure failure) {
        metrics.registryCall(provider, outcome(failure));
    }

    public void success(String provider) {
        metrics.registryCall(provider, ServerMetrics.Outcome.SUCCESS);
    }

    /** Bytes read from a registry of {@code provider}. */
    public void pulled(String provider, long bytes) {
        metrics.bytesTransferred(provider, ServerMetrics.Direction.PULLED, bytes);
    }

    /** Bytes written to a registry of {@code provider}. */
    public void pushed(String provider, long bytes) {
        metrics.bytesTransferred(provider, ServerMetrics.Direction.PUSHED, bytes);
    }

    /** The metrics' outcome tag for a failure kind. */
    public static ServerMetrics.Outcome outcome(Failure f) {
        return switch (f) {
            case NOT_FOUND -> ServerMetrics.Outcome.NOT_FOUND;
            case UNAUTHORIZED -> ServerMetrics.Outcome.UNAUTHORIZED;
            case DENIED -> ServerMetrics.Outcome.DENIED;
            case RATE_LIMITED -> ServerMetrics.Outcome.RATE_LIMITED;
            case BLOCKED -> ServerMetrics.Outcome.BLOCKED;
            default -> ServerMetrics.Outcome.FAILED;
        };
    }
}
