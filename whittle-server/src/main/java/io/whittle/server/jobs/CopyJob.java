package io.whittle.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.whittle.connector.Connection;
import io.whittle.connector.ConnectorService;
import io.whittle.oci.AccessException;
import io.whittle.oci.ImageReference;
import io.whittle.oci.OciException;
import io.whittle.oci.transfer.CopyOptions;
import io.whittle.oci.transfer.CopyResult;
import io.whittle.oci.transfer.CopyResultJson;
import io.whittle.oci.transfer.ImageCopier;
import io.whittle.platform.connector.Connector;
import io.whittle.platform.connector.ConnectorId;
import io.whittle.platform.connector.ConnectorNotFoundException;
import io.whittle.platform.connector.InvalidConnectorIdException;
import io.whittle.platform.job.JobContext;
import io.whittle.platform.job.JobFailedException;
import io.whittle.platform.org.OrganizationId;
import io.whittle.server.api.registry.ConnectorReference;
import io.whittle.server.api.registry.RegistryCalls;
import io.whittle.server.http.Bodies;
import io.whittle.server.http.FieldError;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code copy} job: an image, or a whole multi-platform index, from one connector's registry to another's (or
 * the same), byte for byte and digests unchanged, with what {@code whittle copy} uses: {@link ImageCopier} over the
 * connectors' registry clients, the target's repository prepared first (ECR creates a missing one). Progress is the
 * share of blob bytes in place; the result is the document {@code whittle copy -o json} prints. A copy is safe to
 * run again after a server died mid-way: what the target already holds is skipped.
 */
public final class CopyJob implements CheckedJobHandler {
    public static final String KIND = "copy";
    private static final Logger LOG = LoggerFactory.getLogger(CopyJob.class);

    private final ConnectorService connectors;
    private final RegistryCalls calls;

    /** @param calls counts the copy's registry work and bytes in the server's metrics */
    public CopyJob(ConnectorService connectors, RegistryCalls calls) {
        this.connectors = Objects.requireNonNull(connectors, "connectors");
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String check(OrganizationId org, JsonNode parameters) {
        List<FieldError> problems = new ArrayList<>();
        CopyParameters p = CopyParameters.read(parameters, problems);
        Optional<Ends> ends = p == null ? Optional.empty() : ends(org, p, problems);
        if (ends.isEmpty()) {
            throw Bodies.invalid(problems.stream().map(e -> new FieldError(e.field().map(f -> "parameters." + f),
                    e.message())).toList());
        }
        return p.withReferences(ends.get().sourceReference().toString(), ends.get().targetReference().toString())
                .toJson();
    }

    @Override
    public String run(JobContext context) throws Exception {
        OrganizationId org = context.organization();
        List<FieldError> problems = new ArrayList<>();
        CopyParameters p = CopyParameters.read(JobFailures.parameters(context.parameters()), problems);
        Optional<Ends> resolved = p == null ? Optional.empty() : ends(org, p, problems);
        if (resolved.isEmpty()) {
            throw new JobFailedException(problems.getFirst().message());
        }
        Ends ends = resolved.get();
        long started = System.nanoTime();
        Connector from = ends.source();
        Connector to = ends.target();
        ImageReference src = ends.sourceReference();
        ImageReference dst = ends.targetReference();
        if (!to.isBuiltIn()) {
            call(from, to, () -> {
                connectors.prepareRepository(org, to.id(), dst.repository());
                return null;
            });
        }
        try (Connection in = connectors.open(org, from.id());
             Connection out = from.id().equals(to.id()) ? null : connectors.open(org, to.id())) {
            Connection writer = out == null ? in : out;
            CopyProgress progress = new CopyProgress(context, bytes -> {
                calls.pulled(from.provider(), bytes);
                calls.pushed(to.provider(), bytes);
            });
            CopyResult result;
            try (CancelWatch cancel = CancelWatch.start(context,
                    () -> JobFailures.closeQuietly(LOG, "copy", in, out))) {
                try {
                    result = call(from, to, () -> new ImageCopier(new CopyOptions(ends.parameters().choice(),
                            CopyOptions.DEFAULT_PARALLELISM, progress, false))
                            .copy(in.registry().repository(src), src.identifier(), writer.registry().repository(dst),
                                    Optional.of(dst.identifier())));
                } catch (IOException | RuntimeException e) {
                    if (cancel.cancelled()) {
                        throw new JobFailedException("The copy was cancelled.");
                    }
                    throw e;
                }
            }
            progress.completed();
            calls.success(from.provider());
            if (!from.id().equals(to.id())) {
                calls.success(to.provider());
            }
            return CopyResultJson.of(src.toString(), dst.toString(), ends.parameters().choice().toString(), result,
                    (System.nanoTime() - started) / 1e9).toString();
        }
    }

    /** The connectors and full references of a copy; empty with the problems added when something is wrong. */
    private Optional<Ends> ends(OrganizationId org, CopyParameters p, List<FieldError> problems) {
        Connector from = connector(org, p.source().connector(), "source.connector", problems);
        Connector to = connector(org, p.target().connector(), "target.connector", problems);
        ImageReference src = from == null ? null : reference(from, p.source().reference(), "source.reference",
                problems);
        ImageReference dst = to == null ? null : reference(to, p.target().reference(), "target.reference", problems);
        if (dst != null && dst.digest().isPresent()) {
            problems.add(FieldError.of("target.reference", "The target '" + p.target().reference() + "' names a"
                    + " digest: name a tag, since the digest is the source's."));
            return Optional.empty();
        }
        if (from == null || to == null || src == null || dst == null) {
            return Optional.empty();
        }
        return Optional.of(new Ends(p, from, src, to, dst));
    }

    private Connector connector(OrganizationId org, String id, String field, List<FieldError> problems) {
        try {
            return connectors.show(org, ConnectorId.parse(id));
        } catch (InvalidConnectorIdException | ConnectorNotFoundException e) {
            problems.add(FieldError.of(field, e.getMessage()));
            return null;
        }
    }

    private static ImageReference reference(Connector c, String given, String field, List<FieldError> problems) {
        try {
            return ConnectorReference.resolve(c, given);
        } catch (IllegalArgumentException e) {
            problems.add(FieldError.of(field, e.getMessage()));
            return null;
        }
    }

    /** The two ends of a copy, resolved. */
    private record Ends(CopyParameters parameters, Connector source, ImageReference sourceReference, Connector target,
                        ImageReference targetReference) {
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws IOException;
    }

    /**
     * Runs registry work; a failure with a sentence for the user fails the job with it (a refused credential adds
     * what to do about the connectors). An interrupt is left as it is: a stopping server hands the job back.
     */
    private <T> T call(Connector from, Connector to, Work<T> work) throws IOException {
        try {
            return work.run();
        } catch (AccessException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw e;
            }
            calls.count(from.provider(), e.failure());
            if (!from.id().equals(to.id())) {
                calls.count(to.provider(), e.failure());
            }
            throw JobFailures.access(e, "Test connector" + (from.id().equals(to.id()) ? " " + from.id()
                    : "s " + from.id() + " and " + to.id()) + ", edit the one that fails, then submit the job again.");
        } catch (OciException e) {
            throw new JobFailedException(JobFailures.sentence(e.getMessage()), e);
        } catch (ConnectorNotFoundException e) {
            throw new JobFailedException(e.getMessage(), e);
        }
    }
}
