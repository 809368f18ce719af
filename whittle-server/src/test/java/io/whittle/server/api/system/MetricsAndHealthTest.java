package io.whittle.server.api.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.whittle.platform.job.Job;
import io.whittle.platform.job.JobContext;
import io.whittle.platform.job.JobHandler;
import io.whittle.server.metrics.ServerMetrics;
import io.whittle.server.testing.Response;
import io.whittle.server.testing.TestServer;
import io.whittle.server.testing.TestUser;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsAndHealthTest {
    @Test
    void metricsNeedAnAdministratorAndCountRequestsByRouteTemplate() {
        try (TestServer server = TestServer.start()) {
            TestUser admin = server.admin("root");
            TestUser ann = server.user("ann");
            server.anonymous().get("/metrics").expect(401);
            server.as(ann).get("/metrics").expect(403);
            server.as(ann).delete("/api/v1/tokens/00000000-0000-0000-0000-000000000000").expect(404);
            server.services().metrics().registryCall("ghcr", ServerMetrics.Outcome.SUCCESS);
            server.services().metrics().bytesTransferred("ghcr", ServerMetrics.Direction.PULLED, 1234);

            Response r = server.as(admin).get("/metrics").expect(200);
            assertThat(r.header("Content-Type").orElseThrow()).startsWith("text/plain");
            assertThat(r.body())
                    .contains("whittle_http_requests_seconds_count{method=\"DELETE\",route=\"/api/v1/tokens/{id}\",status=\"404\"} 1")
                    .contains("whittle_http_requests_seconds_count{method=\"GET\",route=\"/metrics\",status=\"403\"} 1")
                    .contains("whittle_registry_calls_total{outcome=\"success\",provider=\"ghcr\"} 1")
                    .contains("whittle_registry_bytes_total{direction=\"pulled\",provider=\"ghcr\"} 1234")
                    .contains("whittle_jobs_queued ")
                    .contains("whittle_jobs_running ")
                    .contains("jvm_memory_used_bytes")
                    .doesNotContain("00000000-0000-0000-0000-000000000000");
        }
    }

    @Test
    void jobsRunByTheServerAreCounted() throws Exception {
        JobHandler noop = new JobHandler() {
            @Override
            public String kind() {
                return "noop";
            }

            @Override
            public String run(JobContext context) {
                return "{}";
            }
        };
        try (TestServer server = TestServer.builder().jobHandlers(List.of(noop)).start()) {
            TestUser admin = server.admin("root");
            Job job = server.server().jobs().submit(admin.personalOrganization(), "noop", "{}", "root");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!server.server().jobs().get(admin.personalOrganization(), job.id()).orElseThrow().state().finished()) {
                assertThat(System.nanoTime()).as("the job finishes").isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(server.as(admin).get("/metrics").expect(200).body())
                    .contains("whittle_jobs_finished_total{kind=\"noop\",state=\"succeeded\"} 1")
                    .contains("whittle_jobs_queued 0");
        }
    }

    @Test
    void jobsThatFinishAreCountedByKindAndState() {
        ServerMetrics metrics = new ServerMetrics();
        metrics.jobFinished("copy", "succeeded");
        metrics.jobFinished("copy", "succeeded");
        metrics.jobFinished("copy", "failed");
        metrics.request("GET", "/x", 200, Duration.ofMillis(5));
        assertThat(metrics.scrape())
                .contains("whittle_jobs_finished_total{kind=\"copy\",state=\"succeeded\"} 2")
                .contains("whittle_jobs_finished_total{kind=\"copy\",state=\"failed\"} 1");
    }

    @Test
    void readinessFollowsTheDatabaseAndTheJobWorkers() {
        try (TestServer server = TestServer.start()) {
            assertThat(server.anonymous().get("/readyz").expect(200).json().get("status").asText()).isEqualTo("ready");
            server.services().database().close();
            Response down = server.anonymous().get("/readyz").expect(503);
            assertThat(down.json().get("checks").get("database").asText()).isEqualTo("down");
            assertThat(down.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
            server.anonymous().get("/healthz").expect(200);
        }
    }
}
