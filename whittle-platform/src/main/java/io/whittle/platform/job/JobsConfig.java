package io.whittle.platform.job;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link JobService} runs jobs: {@code threads} workers; new jobs of other processes are noticed within
 * {@code pollingInterval} (this process's own within moments); a running job's heartbeat is written every
 * {@code heartbeatInterval}, and a job whose process missed {@code missedHeartbeatsLimit} heartbeats (at least 4) is
 * taken as dead and started again elsewhere. {@code instanceName} tells processes apart in the scheduler's table.
 */
public record JobsConfig(int threads, Duration pollingInterval, Duration heartbeatInterval, int missedHeartbeatsLimit,
                         String instanceName) {
    public JobsConfig {
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("A job worker pool of " + threads
                    + " threads is not sensible: use between 1 and 256.");
        }
        positive(pollingInterval, "polling interval");
        positive(heartbeatInterval, "heartbeat interval");
        if (missedHeartbeatsLimit < 4) {
            throw new IllegalArgumentException("A job is taken as dead after at least 4 missed heartbeats, not "
                    + missedHeartbeatsLimit + ".");
        }
        Objects.requireNonNull(instanceName, "instanceName");
        if (instanceName.isBlank() || instanceName.length() > 100) {
            throw new IllegalArgumentException("The job instance name must be 1 to 100 characters.");
        }
    }

    /**
     * Four workers; other processes' jobs noticed within two seconds; a heartbeat every five seconds, so a job
     * whose process died is started again after about half a minute; named after the host and process.
     */
    public static JobsConfig defaults() {
        return new JobsConfig(4, Duration.ofSeconds(2), Duration.ofSeconds(5), 6, defaultInstanceName());
    }

    public JobsConfig withThreads(int n) {
        return new JobsConfig(n, pollingInterval, heartbeatInterval, missedHeartbeatsLimit, instanceName);
    }

    public JobsConfig withPollingInterval(Duration interval) {
        return new JobsConfig(threads, interval, heartbeatInterval, missedHeartbeatsLimit, instanceName);
    }

    public JobsConfig withHeartbeat(Duration interval, int missedLimit) {
        return new JobsConfig(threads, pollingInterval, interval, missedLimit, instanceName);
    }

    public JobsConfig withInstanceName(String name) {
        return new JobsConfig(threads, pollingInterval, heartbeatInterval, missedHeartbeatsLimit, name);
    }

    /** How long a running job's process may stay silent before the job is started again elsewhere. */
    public Duration deadAfter() {
        return heartbeatInterval.multipliedBy(missedHeartbeatsLimit);
    }

    private static void positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero() || d.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("The job " + what + " must be positive and at most an hour, not "
                    + d + ".");
        }
    }

    private static String defaultInstanceName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "whittle";
            }
        }
        String name = host + "-" + ProcessHandle.current().pid();
        return name.length() <= 100 ? name : name.substring(name.length() - 100);
    }
}
