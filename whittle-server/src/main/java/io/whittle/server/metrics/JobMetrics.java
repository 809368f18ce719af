package io.whittle.server.metrics;

import io.whittle.platform.db.Database;
import io.whittle.platform.job.Job;
import io.whittle.platform.job.JobListener;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/**
 * Feeds the job metrics: counts each job this process brings to a final state (as a {@link JobListener}), and
 * reads how many jobs are queued and running across all processes from the jobs table when Prometheus scrapes.
 */
public final class JobMetrics implements JobListener {
    private final ServerMetrics metrics;
    private final Database database;

    public JobMetrics(ServerMetrics metrics, Database database) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.database = Objects.requireNonNull(database, "database");
        metrics.jobGauges(() -> count("queued"), () -> count("running"));
    }

    @Override
    public void changed(Job job) {
        if (job.state().finished()) {
            metrics.jobFinished(job.kind(), job.state().wire());
        }
    }

    /** Jobs in {@code state} now; NaN (no sample) when the database does not answer. */
    private double count(String state) {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM jobs WHERE state = ?")) {
            ps.setString(1, state);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
