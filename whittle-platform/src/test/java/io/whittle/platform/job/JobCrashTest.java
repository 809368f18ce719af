package io.whittle.platform.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.platform.db.Database;
import io.whittle.platform.db.DatabaseConfig;
import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.testing.DatabaseTest;
import io.whittle.platform.testing.PostgresServer;
import io.whittle.platform.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job survives the death of the process running it: a worker in another JVM is killed (SIGKILL) while the job runs,
 * and a service started afterwards, noticing the missing heartbeats, runs the job again to its one end.
 */
class JobCrashTest {

    @DatabaseTest
    void aJobWhoseProcessIsKilledMidRunIsRunAgainAndEndsOnce(TestDatabase t, @TempDir Path tmp) throws Exception {
        Database db = t.database(); // on H2, this process serves the file to the child
        OrganizationId org = Jobs.newOrg(db);
        Path log = tmp.resolve("starts.log");
        Path childErr = tmp.resolve("child.err");
        Files.createFile(log);
        JobService jobs = new JobService(db, Clock.systemUTC(), List.of(JobWorkerProcess.crashy("parent", log, false)),
                Jobs.quick("parent"));
        try (jobs) {
            Job job = jobs.submit(org, "crashy", "{}", "alice");

            Process child = startChild(t, log, childErr);
            try {
                Job running = Jobs.await(jobs, org, job.id(), j -> j.progressPercent() == 30, Duration.ofSeconds(20));
                assertThat(running.state()).isEqualTo(JobState.RUNNING);
                assertThat(running.attempts()).isEqualTo(1);
                assertThat(running.progressMessage()).isEqualTo("working in child");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nchild's log:\n" + read(childErr), e);
            } finally {
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye to the database
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(jobs.get(org, job.id()).orElseThrow().state()).as("still marked running").isEqualTo(JobState.RUNNING);

            jobs.start();
            Job done = Jobs.await(jobs, org, job.id(), j -> j.state().finished(), Duration.ofSeconds(15));
            assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(done.result()).contains("{\"finishedBy\":\"parent\"}");
            assertThat(done.attempts()).isEqualTo(2);
            Jobs.sleep(500);
            assertThat(Files.readAllLines(log)).containsExactly("started by child", "started by parent");
            assertThat(jobs.get(org, job.id()).orElseThrow()).as("ended once, and stays so").isEqualTo(done);
            assertThat(JobServiceTest.executions(db)).isZero();
        }
    }

    private static Process startChild(TestDatabase t, Path log, Path err) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                JobWorkerProcess.class.getName()));
        if (t.kind() == DatabaseConfig.Kind.H2) {
            command.addAll(List.of("h2", t.dataDir().orElseThrow().toString()));
        } else {
            command.addAll(List.of("pg", t.config().jdbcUrl(), PostgresServer.user()));
        }
        command.add(log.toString());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(err.toFile()).start();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
