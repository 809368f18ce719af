package io.whittle.platform.job;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.JdbcCustomization;
import com.github.kagkarlsson.scheduler.jdbc.PostgreSqlJdbcCustomization;
import com.github.kagkarlsson.scheduler.task.DeadExecutionHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.whittle.platform.PlatformException;
import io.whittle.platform.connector.Page;
import io.whittle.platform.connector.PageRequest;
import io.whittle.platform.db.Database;
import io.whittle.platform.db.DatabaseConfig;
import io.whittle.platform.db.DatabaseException;
import io.whittle.platform.org.OrganizationId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persistent jobs: submitted by any process, run by a worker pool, readable while they run, stored when done, and
 * not lost when a process dies. The queue is db-scheduler on the platform's own database: each job is a row of
 * {@code jobs} (what was asked, progress, outcome) and one execution of the one-time task {@value #TASK_NAME} whose
 * instance id is the job id. Any number of processes may run a {@code JobService} on one database: db-scheduler lets
 * exactly one of them pick each execution, keeps a heartbeat while it runs, and hands an execution whose process
 * stopped beating to another process (or to this one after a restart), which runs the job again as a new attempt.
 *
 * <p>Every read and change is scoped to an organization; another organization's job is reported as missing.
 * A job's final state is written once: a worker writes only while the row still shows its own attempt.
 */
public final class JobService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobService.class);

    /** The db-scheduler task that runs every job. */
    static final String TASK_NAME = "whittle-job";
    static final int PARAMETERS_MAX = 1_000_000;
    static final int RESULT_MAX = 10_000_000;
    static final int ERROR_MAX = 1000;
    private static final int KIND_MAX = 64;
    private static final int SUBMITTER_MAX = 200;
    /** How often a watcher reads the row, to see changes made by other processes. */
    private static final Duration WATCH_POLL = Duration.ofMillis(250);
    /** How often a running job reads its row for a cancellation made by another process. */
    private static final Duration CANCEL_CHECK = Duration.ofMillis(250);
    /** How long {@link #close} waits for running jobs; those still running are resumed elsewhere. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(15);
    /** When the database failed while a job was being started or ended, the next try. */
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(10);

    private final Database db;
    private final Clock clock;
    private final SortedMap<String, JobHandler> handlers;
    private final JobsConfig config;
    private final JobStore store;
    private final OneTimeTask<Void> task;
    private final EnlistingDataSource enlisting;
    private final SchedulerClient client;
    private final List<JobListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<JobId, Set<JobWatch>> watches = new ConcurrentHashMap<>();
    private final Map<JobId, RunningJob> running = new ConcurrentHashMap<>();
    private volatile Scheduler scheduler;
    private volatile boolean stopping;

    public JobService(Database db, Clock clock, List<JobHandler> handlers, JobsConfig config) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.config = Objects.requireNonNull(config, "config");
        SortedMap<String, JobHandler> byKind = new TreeMap<>();
        for (JobHandler h : Objects.requireNonNull(handlers, "handlers")) {
            String kind = Objects.requireNonNull(h.kind(), "kind");
            if (kind.isBlank() || kind.length() > KIND_MAX || !kind.equals(kind.strip())) {
                throw new IllegalArgumentException("The job kind '" + kind + "' is not usable: use 1 to " + KIND_MAX
                        + " characters without surrounding spaces.");
            }
            if (byKind.putIfAbsent(kind, h) != null) {
                throw new IllegalArgumentException("Two job handlers are for the kind '" + kind + "': give one each.");
            }
        }
        this.handlers = Collections.unmodifiableSortedMap(byKind);
        this.store = new JobStore(db);
        this.task = Tasks.oneTime(TASK_NAME)
                .onFailure((complete, operations) -> operations.reschedule(complete,
                        Instant.now().plus(stopping ? Duration.ZERO : RETRY_AFTER_FAILURE)))
                .onDeadExecution(new DeadExecutionHandler.ReviveDeadExecution<>())
                .execute((instance, context) -> runExecution(instance.getId()));
        this.enlisting = new EnlistingDataSource(db.dataSource());
        this.client = SchedulerClient.Builder.create(enlisting, task).jdbcCustomization(jdbcCustomization(db)).build();
    }

    /**
     * Starts the worker pool: from now on this process picks up queued jobs (also those submitted before it
     * started, or by other processes) and revives those whose process died.
     */
    public synchronized void start() {
        if (stopping) {
            throw new IllegalStateException("This job service was closed: create a new one.");
        }
        if (scheduler != null) {
            return;
        }
        Scheduler s = Scheduler.create(db.dataSource(), task)
                .threads(config.threads())
                .pollingInterval(config.pollingInterval())
                .heartbeatInterval(config.heartbeatInterval())
                .missedHeartbeatsLimit(config.missedHeartbeatsLimit())
                .schedulerName(new SchedulerName.Fixed(config.instanceName()))
                .shutdownMaxWait(SHUTDOWN_WAIT)
                .jdbcCustomization(jdbcCustomization(db))
                .build();
        s.start();
        scheduler = s;
        LOG.info("Job workers started: {} threads as {}, handlers for {}.", config.threads(), config.instanceName(),
                String.join(", ", handlers.keySet()));
    }

    /** The kinds of job this service can run. */
    public Set<String> kinds() {
        return handlers.keySet();
    }

    /** Whether the workers run: started, and not shutting down (what a readiness check asks). */
    public boolean running() {
        Scheduler s = scheduler;
        return s != null && s.getSchedulerState().isStarted() && !s.getSchedulerState().isShuttingDown();
    }

    /**
     * Queues a job of {@code kind} with JSON {@code parametersJson}; it runs in this process or another. The job's
     * row and its scheduler execution are committed in one transaction: both exist, or neither does.
     *
     * @throws IllegalArgumentException for an unknown kind, parameters that are not one JSON document, or an
     *         organization that does not exist
     */
    public Job submit(OrganizationId org, String kind, String parametersJson, String submittedBy) {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(kind, "kind");
        if (!handlers.containsKey(kind)) {
            throw new IllegalArgumentException("There is no job kind '" + kind + "': "
                    + (handlers.isEmpty() ? "this server runs no jobs." : "use one of "
                    + String.join(", ", handlers.keySet()) + "."));
        }
        if (parametersJson == null || parametersJson.length() > PARAMETERS_MAX || !JsonText.isDocument(parametersJson)) {
            throw new IllegalArgumentException("The parameters of a " + kind + " job must be one JSON document of at"
                    + " most " + PARAMETERS_MAX + " characters: send them as JSON, such as {}.");
        }
        if (submittedBy == null || submittedBy.isBlank() || submittedBy.length() > SUBMITTER_MAX) {
            throw new IllegalArgumentException("A job needs a submitter of 1 to " + SUBMITTER_MAX + " characters.");
        }
        Job job = new Job(JobId.random(), org, kind, parametersJson, JobState.QUEUED, 0, "", Optional.empty(),
                Optional.empty(), submittedBy, now(), Optional.empty(), Optional.empty(), 0);
        db.inTransaction(c -> {
            JobStore.insert(c, job);
            enlisted(c, () -> {
                client.schedule(task.instance(job.id().toString()), Instant.now());
                if (client.getScheduledExecution(task.instanceId(job.id().toString())).isEmpty()) {
                    throw new IllegalStateException("The scheduler did not store the execution of job " + job.id());
                }
                return null;
            });
            return null;
        });
        LOG.info("Job {} ({}) submitted by {} in organization {}.", job.id(), kind, submittedBy, org);
        publish(new JobRow(job, 1, false));
        Scheduler s = scheduler;
        if (s != null && !stopping) {
            s.triggerCheckForDueExecutions();
        }
        return job;
    }

    /** The job, if {@code org} has it. */
    public Optional<Job> get(OrganizationId org, JobId id) {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(id, "id");
        return store.get(org, id).map(JobRow::job);
    }

    /** The jobs of {@code org}, newest first. */
    public Page<Job> list(OrganizationId org, PageRequest request) {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(request, "request");
        return store.list(org, request);
    }

    /**
     * Cancels a job: a queued one is CANCELLED at once; a running one is asked to stop
     * ({@link JobContext#cancelRequested()}) and ends CANCELLED when its handler returns or throws; a finished one is
     * returned unchanged.
     *
     * @throws JobNotFoundException when {@code org} has no such job
     */
    public Job cancel(OrganizationId org, JobId id) {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(id, "id");
        JobStore.Cancellation c = store.cancel(org, id, now());
        if (c.changed()) {
            LOG.info("Job {} cancelled while {}.", id, c.row().job().state() == JobState.CANCELLED ? "queued" : "running");
            RunningJob run = running.get(id);
            if (run != null) {
                run.stop();
            }
            publish(c.row());
        }
        return c.row().job();
    }

    /**
     * Calls {@code listener} with the job as it is, then with every change of its state or progress, in order, until
     * it finishes or the returned handle is closed. Changes made by other processes on the same database are seen
     * too, within a quarter of a second. The listener runs on a thread of the watch, one call at a time; when it
     * throws, the watch ends.
     *
     * @throws JobNotFoundException when {@code org} has no such job
     */
    public AutoCloseable watch(OrganizationId org, JobId id, Consumer<Job> listener) {
        Objects.requireNonNull(listener, "listener");
        if (get(org, id).isEmpty()) {
            throw new JobNotFoundException(id);
        }
        JobWatch w = new JobWatch(id, listener, () -> store.get(id), WATCH_POLL, this::forget);
        watches.compute(id, (k, set) -> {
            Set<JobWatch> all = set != null ? set : ConcurrentHashMap.newKeySet();
            all.add(w);
            return all;
        });
        w.start();
        return w;
    }

    /** Tells {@code listener} of every change this process makes to any job. */
    public void addListener(JobListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Stops taking jobs, waits up to fifteen seconds for the running ones, and ends the watches. A job still running
     * after that is interrupted and handed back to the queue, to run again in another process or after a restart.
     */
    @Override
    public synchronized void close() {
        stopping = true;
        Scheduler s = scheduler;
        scheduler = null;
        if (s != null) {
            s.stop();
            LOG.info("Job workers of {} stopped.", config.instanceName());
        }
        for (Set<JobWatch> set : watches.values()) {
            set.forEach(JobWatch::close);
        }
        watches.clear();
    }

    /** Runs the job whose execution db-scheduler picked; returns normally once the job's outcome is stored. */
    private void runExecution(String instanceId) {
        JobId id;
        try {
            id = JobId.parse(instanceId);
        } catch (IllegalArgumentException e) {
            LOG.warn("Dropped the scheduler execution '{}': it names no job.", instanceId);
            return;
        }
        Claim claim = store.claim(id, now());
        switch (claim) {
            case Claim.Skip skip -> LOG.debug("Job {} needs no run: it ended already.", id);
            case Claim.Cancelled cancelled -> {
                LOG.info("Job {} was cancelled before it could run again.", id);
                publish(cancelled.row());
            }
            case Claim.Run run -> {
                publish(run.row());
                execute(run.row().job(), run.attempt());
            }
        }
    }

    private void execute(Job job, int attempt) {
        JobHandler handler = handlers.get(job.kind());
        LOG.info("Job {} ({}) started, attempt {}, on {}.", job.id(), job.kind(), attempt, config.instanceName());
        Outcome outcome;
        if (handler == null) {
            outcome = Outcome.failed("This server cannot run jobs of kind '" + job.kind()
                    + "': submit it again to a server that lists that kind.");
        } else {
            RunningJob context = new RunningJob(job, attempt, store, this::publish, CANCEL_CHECK);
            running.put(job.id(), context);
            try {
                outcome = result(job, handler.run(context));
            } catch (Exception | Error e) {
                if (e instanceof VirtualMachineError fatal) {
                    throw fatal;
                }
                if (stopping && (e instanceof InterruptedException || Thread.currentThread().isInterrupted())) {
                    LOG.info("Job {} was interrupted by shutdown; it will run again.", job.id());
                    throw new PlatformException("Job " + job.id() + " was interrupted by shutdown.", e);
                }
                outcome = failure(job, e);
            } finally {
                running.remove(job.id(), context);
            }
        }
        Optional<JobRow> done = store.finish(job.id(), attempt, outcome, now());
        if (done.isPresent()) {
            JobState state = done.get().job().state();
            LOG.info("Job {} {}.", job.id(), state.wire());
            publish(done.get());
        } else {
            LOG.info("Job {} attempt {} ended after another run took the job over; its outcome is dropped.",
                    job.id(), attempt);
        }
    }

    private static Outcome result(Job job, String result) {
        if (result == null || !JsonText.isDocument(result)) {
            LOG.warn("Job {} ({}): the handler returned {} rather than a JSON document.", job.id(), job.kind(),
                    result == null ? "null" : "text of " + result.length() + " characters");
            return Outcome.failed(unexpected(job));
        }
        if (result.length() > RESULT_MAX) {
            return Outcome.failed("The result of job " + job.id() + " is larger than " + RESULT_MAX
                    + " characters and cannot be stored: narrow the job's parameters.");
        }
        return Outcome.succeeded(result);
    }

    /** A one-sentence failure the handler meant for the user passes through; anything else is logged only. */
    private static Outcome failure(Job job, Throwable e) {
        // A database failure's message names the database: for the log, not for users of the API.
        boolean forUser = e instanceof JobFailedException || e instanceof IllegalArgumentException
                || (e instanceof PlatformException && !(e instanceof DatabaseException));
        String message = e.getMessage();
        if (forUser && message != null && !message.isBlank() && message.length() <= ERROR_MAX
                && message.lines().count() == 1) {
            LOG.info("Job {} ({}) failed: {}", job.id(), job.kind(), message);
            return Outcome.failed(message.strip());
        }
        LOG.warn("Job {} ({}) failed unexpectedly.", job.id(), job.kind(), e);
        return Outcome.failed(unexpected(job));
    }

    private static String unexpected(Job job) {
        return "The job failed unexpectedly: look for job " + job.id() + " in the server log, then submit it again.";
    }

    private void publish(JobRow row) {
        for (JobListener l : listeners) {
            try {
                l.changed(row.job());
            } catch (RuntimeException e) {
                LOG.warn("A job listener failed on job {}.", row.job().id(), e);
            }
        }
        Set<JobWatch> set = watches.get(row.job().id());
        if (set != null) {
            set.forEach(w -> w.offer(row));
        }
    }

    private void forget(JobWatch w) {
        watches.computeIfPresent(w.id(), (k, set) -> {
            set.remove(w);
            return set.isEmpty() ? null : set;
        });
    }

    /** Runs {@code work} with db-scheduler's client writing through {@code c}, the caller's transaction. */
    private <T> T enlisted(Connection c, Callable<T> work) throws SQLException {
        try {
            return enlisting.within(c, work);
        } catch (SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * db-scheduler's SQL dialect, named rather than detected: the schema's timestamps keep their zone on both
     * databases (V4__jobs.sql), which detection cannot know for H2 and warns about.
     */
    private static JdbcCustomization jdbcCustomization(Database db) {
        return db.kind() == DatabaseConfig.Kind.POSTGRESQL ? new PostgreSqlJdbcCustomization(false, false)
                : new DefaultJdbcCustomization(false);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
