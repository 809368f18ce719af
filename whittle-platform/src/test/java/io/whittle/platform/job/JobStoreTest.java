package io.whittle.platform.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.jdbc.DefaultJdbcCustomization;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import io.whittle.platform.db.Database;
import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.testing.DatabaseTest;
import io.whittle.platform.testing.TestDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** The guards that keep a job's end written once, and the one transaction of a job's row and its execution. */
class JobStoreTest {

    private static Job queued(OrganizationId org) {
        return new Job(JobId.random(), org, "echo", "{}", JobState.QUEUED, 0, "", Optional.empty(), Optional.empty(),
                "alice", Instant.now().truncatedTo(ChronoUnit.MICROS), Optional.empty(), Optional.empty(), 0);
    }

    @DatabaseTest
    void aStaleRunCannotWriteOverTheRunThatTookTheJobOver(TestDatabase t) {
        Database db = t.database();
        JobStore store = new JobStore(db);
        Job job = queued(Jobs.newOrg(db));
        db.inTransaction(c -> {
            JobStore.insert(c, job);
            return null;
        });
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

        Claim first = store.claim(job.id(), now);
        assertThat(first).isEqualTo(new Claim.Run(store.get(job.id()).orElseThrow(), 1));
        // Its process is taken as dead: the execution is revived and claimed again.
        Claim second = store.claim(job.id(), now);
        assertThat(second).isInstanceOf(Claim.Run.class);
        assertThat(((Claim.Run) second).attempt()).isEqualTo(2);

        assertThat(store.progress(job.id(), 1, 40, "late")).as("the stale run's progress").isEmpty();
        assertThat(store.shouldStop(job.id(), 1)).isTrue();
        assertThat(store.shouldStop(job.id(), 2)).isFalse();
        assertThat(store.finish(job.id(), 1, Outcome.succeeded("{\"from\":1}"), now)).isEmpty();

        Optional<JobRow> done = store.finish(job.id(), 2, Outcome.succeeded("{\"from\":2}"), now);
        assertThat(done).hasValueSatisfying(r -> {
            assertThat(r.job().state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(r.job().result()).contains("{\"from\":2}");
            assertThat(r.job().attempts()).isEqualTo(2);
        });
        assertThat(store.finish(job.id(), 2, Outcome.failed("Again."), now)).as("the end is written once").isEmpty();
        assertThat(store.claim(job.id(), now)).as("a finished job's leftover execution").isEqualTo(new Claim.Skip());
        assertThat(store.get(job.id()).orElseThrow().job()).isEqualTo(done.get().job());
    }

    @DatabaseTest
    void aRunAskedToCancelEndsCancelledWhateverItReturnsAndARevivedOneDoesNotStart(TestDatabase t) {
        Database db = t.database();
        JobStore store = new JobStore(db);
        OrganizationId org = Jobs.newOrg(db);
        Job a = queued(org);
        Job b = queued(org);
        db.inTransaction(c -> {
            JobStore.insert(c, a);
            JobStore.insert(c, b);
            return null;
        });
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        store.claim(a.id(), now);
        store.claim(b.id(), now);
        assertThat(store.cancel(org, a.id(), now).changed()).isTrue();
        assertThat(store.cancel(org, a.id(), now).changed()).as("asked once").isFalse();
        assertThat(store.finish(a.id(), 1, Outcome.succeeded("{}"), now).orElseThrow().job().state())
                .isEqualTo(JobState.CANCELLED);

        store.cancel(org, b.id(), now);
        Claim revived = store.claim(b.id(), now);
        assertThat(revived).isInstanceOf(Claim.Cancelled.class);
        assertThat(((Claim.Cancelled) revived).row().job().state()).isEqualTo(JobState.CANCELLED);
    }

    @DatabaseTest
    void aJobsRowAndItsExecutionAreRolledBackTogether(TestDatabase t) throws Exception {
        Database db = t.database();
        OrganizationId org = Jobs.newOrg(db);
        OneTimeTask<Void> task = Tasks.oneTime(JobService.TASK_NAME).execute((instance, context) -> { });
        EnlistingDataSource enlisting = new EnlistingDataSource(db.dataSource());
        SchedulerClient client = SchedulerClient.Builder.create(enlisting, task)
                .jdbcCustomization(new DefaultJdbcCustomization(false)).build();
        Job job = queued(org);

        assertThatThrownBy(() -> db.inTransaction(c -> {
            JobStore.insert(c, job);
            try {
                enlisting.within(c, () -> {
                    client.schedule(task.instance(job.id().toString()), Instant.now());
                    assertThat(client.getScheduledExecution(task.instanceId(job.id().toString())))
                            .as("visible inside the transaction").isPresent();
                    return null;
                });
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            assertThat(client.getScheduledExecution(task.instanceId(job.id().toString())))
                    .as("not visible outside it before the commit").isEmpty();
            throw new IllegalStateException("the submitter failed after scheduling");
        })).hasMessage("the submitter failed after scheduling");

        assertThat(new JobStore(db).get(job.id())).isEmpty();
        assertThat(JobServiceTest.executions(db)).isZero();
        assertThat(client.getScheduledExecution(task.instanceId(job.id().toString()))).isEmpty();
    }
}
