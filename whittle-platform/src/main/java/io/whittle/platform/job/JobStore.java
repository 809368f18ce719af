package io.whittle.platform.job;

import io.whittle.platform.connector.Page;
import io.whittle.platform.connector.PageRequest;
import io.whittle.platform.db.Database;
import io.whittle.platform.db.Keyset;
import io.whittle.platform.org.OrganizationId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The SQL of the {@code jobs} table. Every change of a job goes through a guard on its current state (and, for a
 * worker, on its own attempt), taken under the row's lock, so that the final state is written once whatever the
 * races between workers, cancellations and revived executions.
 */
final class JobStore {
    private static final String COLUMNS = "id, organization_id, kind, parameters, state, progress_percent, "
            + "progress_message, result, error, submitted_by, cancel_requested, created_at, started_at, finished_at, "
            + "attempts, revision";

    private final Database db;

    JobStore(Database db) {
        this.db = db;
    }

    Database database() {
        return db;
    }

    /** Inserts a new job in the caller's transaction; refuses an organization that does not exist. */
    static void insert(Connection c, Job job) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM organizations WHERE id = ?")) {
            ps.setObject(1, job.organization().value());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("There is no organization " + job.organization()
                            + ": create it before submitting jobs.");
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, job.id().value());
            ps.setObject(2, job.organization().value());
            ps.setString(3, job.kind());
            ps.setString(4, job.parameters());
            ps.setString(5, job.state().wire());
            ps.setInt(6, job.progressPercent());
            ps.setString(7, job.progressMessage());
            setText(ps, 8, job.result());
            setText(ps, 9, job.error());
            ps.setString(10, job.submittedBy());
            ps.setBoolean(11, false);
            setInstant(ps, 12, Optional.of(job.createdAt()));
            setInstant(ps, 13, job.startedAt());
            setInstant(ps, 14, job.finishedAt());
            ps.setInt(15, job.attempts());
            ps.setLong(16, 1);
            ps.executeUpdate();
        }
    }

    /** The job of {@code org}, if it has one by that id. */
    Optional<JobRow> get(OrganizationId org, JobId id) {
        return db.inTransaction(c -> find(c, Optional.of(org), id, false));
    }

    /** The job by id alone, for workers and watchers that already know it exists. */
    Optional<JobRow> get(JobId id) {
        return db.inTransaction(c -> find(c, Optional.empty(), id, false));
    }

    /** The jobs of {@code org}, newest first, after the position of {@code request}'s cursor. */
    Page<Job> list(OrganizationId org, PageRequest request) {
        Optional<Keyset.Position> after = request.cursor()
                .map(c -> Keyset.Position.decode(c, id -> UUID.fromString(id).toString()));
        return db.inTransaction(c -> {
            String sql = "SELECT " + COLUMNS + " FROM jobs WHERE organization_id = ?"
                    + Keyset.NEWEST_FIRST.condition(after) + Keyset.NEWEST_FIRST.orderAndLimit();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setObject(1, org.value());
                Keyset.NEWEST_FIRST.bind(ps, 2, after, request.limit(), UUID::fromString);
                List<Job> found = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(read(rs).job());
                    }
                }
                return Keyset.NEWEST_FIRST.page(found, request.limit(),
                        last -> new Keyset.Position(last.createdAt(), last.id().value().toString()));
            }
        });
    }

    /**
     * Starts a run of the job whose execution a worker picked: QUEUED or RUNNING (a revived run) becomes RUNNING with
     * one more attempt; a run asked to cancel becomes CANCELLED instead; a finished or missing job is skipped.
     */
    Claim claim(JobId id, Instant now) {
        return db.inTransaction(c -> {
            Optional<JobRow> found = find(c, Optional.empty(), id, true);
            if (found.isEmpty() || found.get().job().state().finished()) {
                return new Claim.Skip();
            }
            JobRow row = found.get();
            if (row.cancelRequested()) {
                return new Claim.Cancelled(finishRow(c, row, new Outcome(JobState.CANCELLED, Optional.empty(),
                        Optional.empty()), now));
            }
            int attempt = row.job().attempts() + 1;
            try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET state = ?, attempts = ?, "
                    + "started_at = COALESCE(started_at, ?), revision = revision + 1 WHERE id = ?")) {
                ps.setString(1, JobState.RUNNING.wire());
                ps.setInt(2, attempt);
                setInstant(ps, 3, Optional.of(now));
                ps.setObject(4, id.value());
                ps.executeUpdate();
            }
            return new Claim.Run(reread(c, id), attempt);
        });
    }

    /** Records progress of {@code attempt}; empty when that attempt is no longer the job's current run. */
    Optional<JobRow> progress(JobId id, int attempt, int percent, String message) {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET progress_percent = ?, "
                    + "progress_message = ?, revision = revision + 1 WHERE id = ? AND state = ? AND attempts = ?")) {
                ps.setInt(1, percent);
                ps.setString(2, message);
                ps.setObject(3, id.value());
                ps.setString(4, JobState.RUNNING.wire());
                ps.setInt(5, attempt);
                if (ps.executeUpdate() != 1) {
                    return Optional.empty();
                }
            }
            return Optional.of(reread(c, id));
        });
    }

    /** True when {@code attempt} should stop: cancellation was asked for, or it is no longer the current run. */
    boolean shouldStop(JobId id, int attempt) {
        return db.inTransaction(c -> {
            Optional<JobRow> row = find(c, Optional.empty(), id, false);
            return row.isEmpty() || row.get().cancelRequested() || row.get().job().state() != JobState.RUNNING
                    || row.get().job().attempts() != attempt;
        });
    }

    /**
     * Writes how {@code attempt} ended, if it is still the job's current run; a run that was asked to cancel ends
     * CANCELLED whatever it returned. Empty when another run took the job over (or it ended already).
     */
    Optional<JobRow> finish(JobId id, int attempt, Outcome outcome, Instant now) {
        return db.inTransaction(c -> {
            Optional<JobRow> found = find(c, Optional.empty(), id, true);
            if (found.isEmpty() || found.get().job().state() != JobState.RUNNING
                    || found.get().job().attempts() != attempt) {
                return Optional.empty();
            }
            Outcome applied = found.get().cancelRequested()
                    ? new Outcome(JobState.CANCELLED, Optional.empty(), Optional.empty()) : outcome;
            return Optional.of(finishRow(c, found.get(), applied, now));
        });
    }

    /** The result of {@link #cancel}: the job after it, and whether anything changed. */
    record Cancellation(JobRow row, boolean changed) {
    }

    /**
     * Cancels a job of {@code org}: a queued one at once, a running one by asking its worker to stop; a finished one
     * stays as it is.
     */
    Cancellation cancel(OrganizationId org, JobId id, Instant now) {
        return db.inTransaction(c -> {
            JobRow row = find(c, Optional.of(org), id, true).orElseThrow(() -> new JobNotFoundException(id));
            JobState state = row.job().state();
            if (state == JobState.QUEUED) {
                return new Cancellation(finishRow(c, row, new Outcome(JobState.CANCELLED, Optional.empty(),
                        Optional.empty()), now), true);
            }
            if (state == JobState.RUNNING && !row.cancelRequested()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE jobs SET cancel_requested = ?, revision = revision + 1 WHERE id = ?")) {
                    ps.setBoolean(1, true);
                    ps.setObject(2, id.value());
                    ps.executeUpdate();
                }
                return new Cancellation(reread(c, id), true);
            }
            return new Cancellation(row, false);
        });
    }

    private static JobRow finishRow(Connection c, JobRow row, Outcome outcome, Instant now) throws SQLException {
        boolean succeeded = outcome.state() == JobState.SUCCEEDED;
        try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET state = ?, result = ?, error = ?, "
                + "progress_percent = ?, cancel_requested = ?, finished_at = ?, revision = revision + 1 WHERE id = ?")) {
            ps.setString(1, outcome.state().wire());
            setText(ps, 2, outcome.result());
            setText(ps, 3, outcome.error());
            ps.setInt(4, succeeded ? 100 : row.job().progressPercent());
            ps.setBoolean(5, outcome.state() == JobState.CANCELLED);
            setInstant(ps, 6, Optional.of(now));
            ps.setObject(7, row.job().id().value());
            ps.executeUpdate();
        }
        return reread(c, row.job().id());
    }

    private static JobRow reread(Connection c, JobId id) throws SQLException {
        return find(c, Optional.empty(), id, false).orElseThrow(() -> new IllegalStateException(
                "Job " + id + " vanished inside its own transaction."));
    }

    private static Optional<JobRow> find(Connection c, Optional<OrganizationId> org, JobId id, boolean forUpdate)
            throws SQLException {
        String sql = "SELECT " + COLUMNS + " FROM jobs WHERE id = ?" + (org.isPresent() ? " AND organization_id = ?" : "")
                + (forUpdate ? " FOR UPDATE" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id.value());
            if (org.isPresent()) {
                ps.setObject(2, org.get().value());
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static JobRow read(ResultSet rs) throws SQLException {
        Job job = new Job(new JobId(rs.getObject("id", UUID.class)),
                new OrganizationId(rs.getObject("organization_id", UUID.class)), rs.getString("kind"),
                rs.getString("parameters"), JobState.fromWire(rs.getString("state")), rs.getInt("progress_percent"),
                rs.getString("progress_message"), Optional.ofNullable(rs.getString("result")),
                Optional.ofNullable(rs.getString("error")), rs.getString("submitted_by"),
                instant(rs, "created_at").orElseThrow(), instant(rs, "started_at"), instant(rs, "finished_at"),
                rs.getInt("attempts"));
        return new JobRow(job, rs.getLong("revision"), rs.getBoolean("cancel_requested"));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getObject(column, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
    }

    private static void setInstant(PreparedStatement ps, int index, Optional<Instant> instant) throws SQLException {
        if (instant.isPresent()) {
            ps.setObject(index, OffsetDateTime.ofInstant(instant.get(), ZoneOffset.UTC));
        } else {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        }
    }

    private static void setText(PreparedStatement ps, int index, Optional<String> text) throws SQLException {
        if (text.isPresent()) {
            ps.setString(index, text.get());
        } else {
            ps.setNull(index, Types.VARCHAR);
        }
    }
}
