package io.whittle.platform.job;

import static org.assertj.core.api.Assertions.fail;

import io.whittle.platform.db.Database;
import io.whittle.platform.org.OrganizationId;
import io.whittle.platform.org.OrganizationStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/** Test support: organizations, quick settings, handlers, and waiting for a job to get somewhere. */
final class Jobs {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Jobs() {
    }

    /** Workers that notice work and dead processes within a fraction of a second. */
    static JobsConfig quick(String instance) {
        return JobsConfig.defaults().withThreads(2).withPollingInterval(Duration.ofMillis(100))
                .withHeartbeat(Duration.ofMillis(200), 4).withInstanceName(instance);
    }

    static OrganizationId newOrg(Database db) {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        String slug = "org-" + HexFormat.of().formatHex(b);
        return new OrganizationStore(db, Clock.systemUTC()).create(slug, "Org " + slug).id();
    }

    /** A handler from a lambda. */
    static JobHandler handler(String kind, Body body) {
        return new JobHandler() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public String run(JobContext context) throws Exception {
                return body.run(context);
            }
        };
    }

    @FunctionalInterface
    interface Body {
        String run(JobContext context) throws Exception;
    }

    /** Waits up to {@code max} for the job to satisfy {@code until}; fails showing the job as it last was. */
    static Job await(JobService jobs, OrganizationId org, JobId id, Predicate<Job> until, Duration max) {
        Instant deadline = Instant.now().plus(max);
        Optional<Job> job = Optional.empty();
        while (Instant.now().isBefore(deadline)) {
            job = jobs.get(org, id);
            if (job.isPresent() && until.test(job.get())) {
                return job.get();
            }
            sleep(20);
        }
        return fail("Job " + id + " did not get there within " + max + "; it is " + job);
    }

    static Job awaitState(JobService jobs, OrganizationId org, JobId id, JobState state) {
        return await(jobs, org, id, j -> j.state() == state, Duration.ofSeconds(10));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A clock one millisecond later at every reading, so that jobs submitted in a row have distinct times. */
    static final class Ticking extends Clock {
        private final Instant start = Instant.now();
        private final AtomicLong ticks = new AtomicLong();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return start.plusMillis(ticks.incrementAndGet());
        }
    }
}
