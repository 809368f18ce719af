package io.whittle.platform.job;

import static io.whittle.platform.job.Jobs.awaitState;
import static io.whittle.platform.job.Jobs.handler;
import static io.whittle.platform.job.Jobs.quick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.whittle.platform.connector.Page;
import io.whittle.platform.connector.PageRequest;
import io.whittle.platform.db.Database;
import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.testing.DatabaseTest;
import io.whittle.platform.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The job service on both databases: running, failing, cancelling, listing, watching, and sharing the work. */
class JobServiceTest {

    /** Reports three steps and echoes its parameters. */
    private static final JobHandler ECHO = handler("echo", context -> {
        context.progress(10, "starting");
        context.progress(50, "halfway");
        context.progress(90, "finishing");
        return "{\"echo\":" + context.parameters() + "}";
    });

    private static final JobHandler REFUSE = handler("refuse", context -> {
        throw new JobFailedException("The image example.com/app:1.0 was not found: check the reference.");
    });

    private static final JobHandler CRASH = handler("crash", context -> {
        throw new IllegalStateException("internal detail at /var/lib/whittle/secret-path");
    });

    private static final JobHandler GARBAGE = handler("garbage", context -> "not JSON");

    /** Runs until cancelled, reporting its progress. */
    private static final JobHandler UNTIL_CANCELLED = handler("until-cancelled", context -> {
        context.progress(5, "waiting");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!context.cancelRequested() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return "{\"stopped\":true}";
    });

    private static JobService service(Database db, JobHandler... handlers) {
        return new JobService(db, Clock.systemUTC(), List.of(handlers), quick("test-" + System.nanoTime()));
    }

    @DatabaseTest
    void aJobRunsToSuccessWithItsResultAndProgress(TestDatabase t) throws Exception {
        Database db = t.database();
        OrganizationId org = Jobs.newOrg(db);
        try (JobService jobs = service(db, ECHO)) {
            List<Job> seen = new CopyOnWriteArrayList<>();
            jobs.addListener(seen::add);
            jobs.start();
            Job submitted = jobs.submit(org, "echo", "{\"image\":\"app:1.0\"}", "alice");
            assertThat(submitted.state()).isEqualTo(JobState.QUEUED);
            assertThat(submitted.attempts()).isZero();
            assertThat(submitted.organization()).isEqualTo(org);

            Job done = awaitState(jobs, org, submitted.id(), JobState.SUCCEEDED);
            assertThat(done.result()).contains("{\"echo\":{\"image\":\"app:1.0\"}}");
            assertThat(done.error()).isEmpty();
            assertThat(done.progressPercent()).isEqualTo(100);
            assertThat(done.progressMessage()).isEqualTo("finishing");
            assertThat(done.attempts()).isEqualTo(1);
            assertThat(done.submittedBy()).isEqualTo("alice");
            assertThat(done.parameters()).isEqualTo("{\"image\":\"app:1.0\"}");
            assertThat(done.startedAt()).isPresent();
            assertThat(done.finishedAt()).isPresent();
            assertThat(done.startedAt().get()).isAfterOrEqualTo(done.createdAt());
            assertThat(done.finishedAt().get()).isAfterOrEqualTo(done.startedAt().get());

            assertThat(seen).extracting(Job::state).containsExactly(JobState.QUEUED, JobState.RUNNING,
                    JobState.RUNNING, JobState.RUNNING, JobState.RUNNING, JobState.SUCCEEDED);
            assertThat(seen).extracting(Job::progressMessage).containsSubsequence("starting", "halfway", "finishing");
            assertThat(executions(db)).as("the execution is gone once the job ended").isZero();
        }
    }

    @DatabaseTest
    void aHandlersFailureBecomesTheJobsErrorAndAnUnexpectedOneAGenericSentence(TestDatabase t) {
        Database db = t.database();
        OrganizationId org = Jobs.newOrg(db);
        try (JobService jobs = service(db, REFUSE, CRASH, GARBAGE)) {
            jobs.start();
            Job refused = jobs.submit(org, "refuse", "{}", "alice");
            Job crashed = jobs.submit(org, "crash", "{}", "alice");
            Job garbled = jobs.submit(org, "garbage", "{}", "alice");

            Job r = awaitState(jobs, org, refused.id(), JobState.FAILED);
            assertThat(r.error()).contains("The image example.com/app:1.0 was not found: check the reference.");
            assertThat(r.result()).isEmpty();
            assertThat(r.attempts()).as("a failure is final, not retried").isEqualTo(1);

            Job c = awaitState(jobs, org, crashed.id(), JobState.FAILED);
            assertThat(c.error()).hasValueSatisfying(e -> assertThat(e)
                    .startsWith("The job failed unexpectedly").contains(crashed.id().toString())
                    .doesNotContain("secret-path"));
            assertThat(awaitState(jobs, org, garbled.id(), JobState.FAILED).error().orElseThrow())
                    .startsWith("The job failed unexpectedly");
        }
    }

    @DatabaseTest
    void closingWaitsForTheRunningJobsToEnd(TestDatabase t) {
        Database db = t.database();
        OrganizationId org = Jobs.newOrg(db);
        JobHandler slow = handler("slow", context -> {
            Thread.sleep(400);
            return "{\"slept\":400}";
        });
        JobService jobs = service(db, slow);
        assertThat(jobs.running()).as("before start").isFalse();
        jobs.start();
        assertThat(jobs.running()).isTrue();
        Job job = jobs.submit(org, "slow", "{}", "alice");
        Jobs.await(jobs, org, job.id(), j -> j.state() == JobState.RUNNING, Duration.ofSeconds(10));
        jobs.close();
        assertThat(jobs.running()).as("after close").isFalse();
        Job after = jobs.get(org, job.id()).orElseThrow();
        assertThat(after.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(after.result()).contains("{\"slept\":400}");
        assertThatThrownBy(jobs::start).isInstanceOf(IllegalStateException.class);
    }

    @DatabaseTest
    void anUnknownKindBadParametersAndAMissingOrganizationAreRefused(TestDatabase t) throws Exception {
        Database db = t.database();
        OrganizationId org = Jobs.newOrg(db);
        try (JobService jobs = service(db, ECHO, REFUSE)) {
            assertThatThrownBy(() -> jobs.submit(org, "xray", "{}", "alice"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("There is no job kind 'xray': use one of echo, refuse.");
            assertThatThrownBy(() -> jobs.submit(org, "echo", "{\"a\":", "alice"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON");
            assertThatThrownBy(() -> jobs.submit(org, "echo", "{} {}", "alice"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("JSON");
            assertThatThrownBy(() -> jobs.submit(OrganizationId.random(), "echo", "{}", "alice"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("There is no organization");
            assertThat(jobs.list(org, PageRequest.first(10)).items()).isEmpty();
            assertThat(executions(db)).as("nothing half-submitted").isZero();
        }
    }

    @DatabaseTest
    void aQueuedJobIsCancelledAtOnceAndNeverRuns(TestDatabase t) throws Exception {
        Database db = t.database();
        OrganizationId org = Jobs.newOrg(db);
        AtomicInteger runs = new AtomicInteger();
        JobHandler counting = handler("count", context -> {
            runs.incrementAndGet();
            return "{}";
        });
        try (JobService jobs = service(db, counting)) {
            Job queued = jobs.submit(org, "count", "{}", "alice");
            Job cancelled = jobs.cancel(org, queued.id());
            assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
            assertThat(cancelled.finishedAt()).isPresent();
            assertThat(jobs.cancel(org, queued.id())).as("cancelling again changes nothing").isEqualTo(cancelled);

            jobs.start();
            Job other = jobs.submit(org, "count", "{}", "alice");
            awaitState(jobs, org, other.id(), JobState.SUCCEEDED);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (executions(db) > 0 && System.nanoTime() < deadline) {
                Jobs.sleep(20);
            }
            assertThat(executions(db)).as("the cancelled job's execution was consumed").isZero();
            assertThat(runs).hasValue(1);
            assertThat(jobs.get(org, queued.id()).orElseThrow()).isEqualTo(cancelled);
        }
    }

    @DatabaseTest
    void aRunningJobIsAskedToStopAndEndsCancelledFromThisProcessOrAnother(TestDatabase t) {
        Database db = t.database();
        OrganizationId org = Jobs.newOrg(db);
        try (JobService jobs = service(db, UNTIL_CANCELLED); JobService elsewhere = service(db, UNTIL_CANCELLED)) {
            jobs.start();
            Job here = jobs.submit(org, "until-cancelled", "{}", "alice");
            Job there = jobs.submit(org, "until-cancelled", "{}", "alice");
            Jobs.await(jobs, org, here.id(), j -> j.progressPercent() == 5, Duration.ofSeconds(10));
            Jobs.await(jobs, org, there.id(), j -> j.progressPercent() == 5, Duration.ofSeconds(10));

            assertThat(jobs.cancel(org, here.id()).state()).as("still running until the handler stops")
                    .isEqualTo(JobState.RUNNING);
            // A service that runs nothing stands for another server process: the worker sees it in the row.
            elsewhere.cancel(org, there.id());

            for (Job job : List.of(here, there)) {
                Job done = awaitState(jobs, org, job.id(), JobState.CANCELLED);
                assertThat(done.result()).as("a cancelled job keeps no result").isEmpty();
                assertThat(done.error()).isEmpty();
                assertThat(done.finishedAt()).isPresent();
                assertThat(jobs.cancel(org, job.id())).as("a finished job stays as it is").isEqualTo(done);
            }
        }
    }

    @DatabaseTest
    void anotherOrganizationSeesNoneOfTheJobs(TestDatabase t) throws Exception {
        Database db = t.database();
        OrganizationId a = Jobs.newOrg(db);
        OrganizationId b = Jobs.newOrg(db);
        try (JobService jobs = service(db, ECHO)) {
            Job job = jobs.submit(a, "echo", "{}", "alice");
            assertThat(jobs.get(a, job.id())).contains(job);
            assertThat(jobs.get(b, job.id())).isEmpty();
            assertThat(jobs.list(b, PageRequest.first(10)).items()).isEmpty();
            assertThat(jobs.list(a, PageRequest.first(10)).items()).containsExactly(job);
            assertThatThrownBy(() -> jobs.cancel(b, job.id())).isInstanceOf(JobNotFoundException.class)
                    .hasMessage("There is no job " + job.id() + " in this organization: list the jobs to see their ids.");
            assertThatThrownBy(() -> jobs.watch(b, job.id(), j -> { })).isInstanceOf(JobNotFoundException.class);
            assertThat(jobs.get(a, job.id()).orElseThrow().state()).as("b's cancel did nothing")
                    .isEqualTo(JobState.QUEUED);
            assertThatThrownBy(() -> jobs.cancel(a, JobId.random())).isInstanceOf(JobNotFoundException.class);
        }
    }

    @DatabaseTest
    void jobsAreListedNewestFirstPageByPage(TestDatabase t) {
        Database db = t.database();
        OrganizationId org = Jobs.newOrg(db);
        OrganizationId other = Jobs.newOrg(db);
        try (JobService jobs = new JobService(db, new Jobs.Ticking(), List.of(ECHO), quick("lister"))) {
            List<JobId> submitted = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                submitted.add(jobs.submit(org, "echo", "{\"n\":" + i + "}", "alice").id());
                jobs.submit(other, "echo", "{}", "bob");
            }
            Collections.reverse(submitted);

            List<JobId> listed = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            Optional<PageRequest> request = Optional.of(PageRequest.first(2));
            while (request.isPresent()) {
                Page<Job> page = jobs.list(org, request.get());
                page.items().forEach(j -> listed.add(j.id()));
                sizes.add(page.items().size());
                request = page.nextRequest(2);
            }
            assertThat(sizes).containsExactly(2, 2, 1);
            assertThat(listed).containsExactlyElementsOf(submitted);
            assertThatThrownBy(() -> jobs.list(org, PageRequest.after("not-a-cursor", 2)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start again from the first page");
        }
    }

    @DatabaseTest
    void aWatcherSeesEveryStepInOrderAndTheEndAndSoDoesOneInAnotherProcess(TestDatabase t) throws Exception {
        Database db = t.database();
        OrganizationId org = Jobs.newOrg(db);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch halfwaySeenThere = new CountDownLatch(1);
        JobHandler steps = handler("steps", context -> {
            go.await(10, TimeUnit.SECONDS);
            for (int p = 10; p <= 90; p += 10) {
                context.progress(p, "step " + p);
                if (p == 50) { // the other process sees steps by reading the row: wait until it saw this one
                    halfwaySeenThere.await(10, TimeUnit.SECONDS);
                }
                Thread.sleep(5);
            }
            return "{\"steps\":9}";
        });
        try (JobService jobs = service(db, steps); JobService elsewhere = service(db, steps)) {
            jobs.start();
            Job job = jobs.submit(org, "steps", "{}", "alice");
            List<Job> here = new CopyOnWriteArrayList<>();
            List<Job> there = new CopyOnWriteArrayList<>();
            CountDownLatch ended = new CountDownLatch(2);
            AutoCloseable w1 = jobs.watch(org, job.id(), j -> {
                here.add(j);
                if (j.state().finished()) {
                    ended.countDown();
                }
            });
            AutoCloseable w2 = elsewhere.watch(org, job.id(), j -> {
                there.add(j);
                if (j.progressPercent() == 50) {
                    halfwaySeenThere.countDown();
                }
                if (j.state().finished()) {
                    ended.countDown();
                }
            });
            Jobs.await(jobs, org, job.id(), j -> j.state() == JobState.RUNNING, Duration.ofSeconds(10));
            go.countDown();
            assertThat(ended.await(15, TimeUnit.SECONDS)).as("both watchers saw the end").isTrue();
            w1.close();
            w2.close();

            List<Integer> progress = here.stream().filter(j -> j.state() == JobState.RUNNING)
                    .map(Job::progressPercent).toList();
            assertThat(progress).containsSubsequence(10, 20, 30, 40, 50, 60, 70, 80, 90);
            assertThat(progress).isSorted();
            assertThat(here.getLast().state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(here.getLast().result()).contains("{\"steps\":9}");
            assertThat(here).doesNotHaveDuplicates();

            assertThat(there.getLast().state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(there).extracting(Job::progressPercent).isSorted().contains(50);
            int delivered = here.size() + there.size();
            Jobs.sleep(400);
            assertThat(here.size() + there.size()).as("nothing after the end").isEqualTo(delivered);
        }
    }

    @DatabaseTest
    void twoServicesOnOneDatabaseRunEveryJobExactlyOnce(TestDatabase t) throws Exception {
        Database db = t.database();
        OrganizationId org = Jobs.newOrg(db);
        Map<JobId, List<String>> runs = new ConcurrentHashMap<>();
        try (Database second = Database.open(t.config())) {
            JobService one = new JobService(db, Clock.systemUTC(), List.of(recorder("one", runs)), quick("one"));
            JobService two = new JobService(second, Clock.systemUTC(), List.of(recorder("two", runs)), quick("two"));
            try (one; two) {
                one.start();
                two.start();
                List<JobId> ids = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    ids.add((i % 2 == 0 ? one : two).submit(org, "record", "{}", "alice").id());
                }
                for (JobId id : ids) {
                    Job done = Jobs.await(one, org, id, j -> j.state() == JobState.SUCCEEDED, Duration.ofSeconds(20));
                    assertThat(done.attempts()).isEqualTo(1);
                }
                assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
                runs.forEach((id, by) -> assertThat(by).as("runs of " + id).hasSize(1));
                Set<String> workers = ConcurrentHashMap.newKeySet();
                runs.values().forEach(workers::addAll);
                assertThat(workers).as("both services took a share").containsExactlyInAnyOrder("one", "two");
            }
        }
    }

    @DatabaseTest
    void aJobSubmittedWhileNoServiceRunsRunsOnceOneStarts(TestDatabase t) {
        Database db = t.database();
        OrganizationId org = Jobs.newOrg(db);
        Job job;
        try (JobService submitter = service(db, ECHO)) {
            job = submitter.submit(org, "echo", "[1,2]", "alice");
        }
        Jobs.sleep(300);
        try (JobService jobs = service(db, ECHO)) {
            assertThat(jobs.get(org, job.id()).orElseThrow().state()).isEqualTo(JobState.QUEUED);
            jobs.start();
            Job done = awaitState(jobs, org, job.id(), JobState.SUCCEEDED);
            assertThat(done.result()).contains("{\"echo\":[1,2]}");
        }
    }

    private static JobHandler recorder(String instance, Map<JobId, List<String>> runs) {
        return handler("record", context -> {
            runs.computeIfAbsent(context.id(), k -> new CopyOnWriteArrayList<>()).add(instance);
            Thread.sleep(150);
            return "{}";
        });
    }

    /** The db-scheduler executions in the table. */
    static long executions(Database db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM scheduled_tasks")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
