package io.whittle.server.api.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.whittle.platform.job.Job;
import io.whittle.platform.job.JobHandler;
import io.whittle.platform.job.JobId;
import io.whittle.platform.job.JobNotFoundException;
import io.whittle.platform.job.JobService;
import io.whittle.server.auth.Principal;
import io.whittle.server.http.Access;
import io.whittle.server.http.ApiProblem;
import io.whittle.server.http.ApiResource;
import io.whittle.server.http.Bodies;
import io.whittle.server.http.FieldError;
import io.whittle.server.http.Json;
import io.whittle.server.http.PageBody;
import io.whittle.server.http.Pagination;
import io.whittle.server.http.Routes;
import io.whittle.server.jobs.CheckedJobHandler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs: long work (copies now; X-ray, compare, optimize later) submitted through the API and run by the server's
 * workers, surviving a restart. Progress can be polled or streamed as server-sent events. Another organization's
 * job is not found (404).
 */
public final class JobResource implements ApiResource {
    private static final Logger LOG = LoggerFactory.getLogger(JobResource.class);
    static final String TAG = "Jobs";
    static final String PATH = "/api/v1/jobs";
    /** The name of the server-sent event that carries the job, once at the start and at every change. */
    public static final String EVENT = "job";

    private final JobService jobs;
    private final Map<String, JobHandler> kinds = new LinkedHashMap<>();

    /**
     * @param handlers handlers of the job service's kinds that check their parameters at submission (the service's
     *                 other kinds are accepted with any JSON parameters)
     */
    public JobResource(JobService jobs, List<? extends JobHandler> handlers) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        handlers.forEach(h -> kinds.put(h.kind(), h));
    }

    @Override
    public void register(Routes routes) {
        routes.post(PATH, Access.WRITE, doc -> doc.tag(TAG)
                .summary("Submit a job")
                .description("Queues a job; the answer (202) is the job as queued, whose id the other routes take."
                        + " Kinds: copy, with parameters {\"source\": {\"connector\": ID, \"reference\":"
                        + " \"team/app:1.0\"}, \"target\": {\"connector\": ID, \"reference\": \"team/app:1.0\"},"
                        + " \"platforms\": \"all\" or \"linux/amd64\"}: copies an image (or a whole index) between"
                        + " the registries of two connectors of the organization, digests unchanged; its result is"
                        + " what 'whittle copy -o json' prints; xray, with parameters {\"connector\": ID,"
                        + " \"reference\": \"team/app:1.0\", \"platform\": \"linux/amd64\" (optional)}: X-rays the"
                        + " image and stores the report, which /api/v1/xray-reports/{id} then serves.")
                .body(SubmitJobBody.class)
                .returns(JobBody.class)
                .status(202), this::submit);

        routes.get(PATH, Access.READ, doc -> doc.tag(TAG)
                .summary("List the jobs")
                .description("The organization's jobs, newest first.")
                .returnsPageOf(JobBody.class), (ctx, caller) ->
                ctx.json(PageBody.of(jobs.list(caller.organization(), Pagination.request(ctx)), JobBody::of)));

        routes.get(PATH + "/{id}", Access.READ, doc -> doc.tag(TAG)
                .summary("Show a job")
                .description("Its state, progress and, once finished, its result or error.")
                .returns(JobBody.class), (ctx, caller) -> {
                    JobId id = id(ctx);
                    ctx.json(JobBody.of(jobs.get(caller.organization(), id)
                            .orElseThrow(() -> new JobNotFoundException(id))));
                });

        routes.post(PATH + "/{id}/cancel", Access.WRITE, doc -> doc.tag(TAG)
                .summary("Cancel a job")
                .description("A queued job is cancelled at once; a running one is asked to stop and ends cancelled"
                        + " within moments; a finished one is answered unchanged.")
                .returns(JobBody.class), (ctx, caller) ->
                ctx.json(JobBody.of(jobs.cancel(caller.organization(), id(ctx)))));

        routes.events(PATH + "/{id}/events", Access.READ, doc -> doc.tag(TAG)
                .summary("Stream a job's progress")
                .description("Server-sent events named '" + EVENT + "', each holding the job (as GET"
                        + " /api/v1/jobs/{id} answers it): the job as it is, then at every change of state or"
                        + " progress, until it finishes; then the stream closes. Changes made by any server on the"
                        + " same database are seen.")
                .returns(JobBody.class), this::events);
    }

    private void submit(Context ctx, Principal caller) {
        SubmitJobBody body = Bodies.read(ctx, SubmitJobBody.class);
        String kind = body.kind().strip();
        if (!jobs.kinds().contains(kind)) {
            throw Bodies.invalid(List.of(FieldError.of("kind", "There is no job kind '" + kind + "': use one of "
                    + String.join(", ", jobs.kinds()) + ".")));
        }
        JsonNode parameters = body.parameters().filter(p -> !p.isNull())
                .orElseGet(() -> Json.mapper().createObjectNode());
        String stored = kinds.get(kind) instanceof CheckedJobHandler checked
                ? checked.check(caller.organization(), parameters) : parameters.toString();
        Job job = jobs.submit(caller.organization(), kind, stored, caller.username());
        ctx.status(202);
        ctx.header("Location", PATH + "/" + job.id());
        ctx.json(JobBody.of(job));
    }

    /**
     * Sends the job at every change until it finishes, then closes the stream; a client that goes away ends the
     * watch. The watch calls back on a thread of its own, one change at a time.
     */
    private Consumer<SseClient> events(Context ctx, Principal caller) {
        JobId id = id(ctx);
        jobs.get(caller.organization(), id).orElseThrow(() -> new JobNotFoundException(id));
        return client -> {
            client.keepAlive();
            AtomicReference<AutoCloseable> watch = new AtomicReference<>();
            AutoCloseable ended = () -> { };
            client.onClose(() -> close(watch.getAndSet(ended)));
            AutoCloseable w;
            try {
                w = jobs.watch(caller.organization(), id, job -> send(client, job));
            } catch (RuntimeException e) {
                LOG.debug("Could not watch job {}: {}", id, e.getMessage());
                client.close();
                return;
            }
            if (!watch.compareAndSet(null, w)) {
                close(w); // the client went away, or the job finished, before the watch was stored
            }
        };
    }

    private static void send(SseClient client, Job job) {
        String data;
        try {
            data = Json.mapper().writeValueAsString(JobBody.of(job));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job could not be written as JSON", e);
        }
        synchronized (client) {
            if (client.terminated()) {
                throw new IllegalStateException("the client of the event stream went away");
            }
            client.sendEvent(EVENT, data);
            if (job.state().finished()) {
                client.close();
            }
        }
    }

    private static void close(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("Closing a job watch failed: {}", e.toString());
        }
    }

    /** The job id of the path; a malformed one is a 400 showing the expected form. */
    static JobId id(Context ctx) {
        try {
            return JobId.parse(ctx.pathParam("id").strip());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
    }
}
