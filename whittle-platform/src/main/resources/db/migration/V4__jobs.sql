-- Persistent jobs (JobService): the platform's own record of each job, and db-scheduler's execution queue.
-- Shared by H2 and PostgreSQL: keep to SQL both accept. Depends only on V1 (organizations).

-- One row per job, owned by an organization. state: queued -> running -> succeeded | failed | cancelled.
-- attempts counts the starts (a job revived after its process died starts again); a worker writes progress and
-- the final state only while the row still shows its own attempt, so a stale worker cannot overwrite a newer one.
-- revision increases with every change, so that watchers can order what they see.
CREATE TABLE jobs (
    id                UUID PRIMARY KEY,
    organization_id   UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    kind              VARCHAR(64)  NOT NULL,
    parameters        VARCHAR(1000000) NOT NULL,  -- JSON
    state             VARCHAR(16)  NOT NULL,
    progress_percent  INTEGER      NOT NULL,
    progress_message  VARCHAR(1000) NOT NULL,
    result            VARCHAR(10000000),          -- JSON, once succeeded
    error             VARCHAR(1000),              -- one sentence, once failed
    submitted_by      VARCHAR(200) NOT NULL,
    cancel_requested  BOOLEAN      NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at        TIMESTAMP WITH TIME ZONE,
    finished_at       TIMESTAMP WITH TIME ZONE,
    attempts          INTEGER      NOT NULL,
    revision          BIGINT       NOT NULL,
    CONSTRAINT jobs_state CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    CONSTRAINT jobs_progress CHECK (progress_percent BETWEEN 0 AND 100)
);
CREATE INDEX jobs_by_created ON jobs (organization_id, created_at, id);

-- db-scheduler's table, with the columns and names its JDBC repository (16.x) reads and writes. Text columns are
-- VARCHAR rather than PostgreSQL's TEXT, which H2 takes for a CLOB (not allowed in a primary key).
-- task_instance holds the job id; task_data stays null (the jobs row holds everything).
CREATE TABLE scheduled_tasks (
    task_name             VARCHAR(100) NOT NULL,
    task_instance         VARCHAR(100) NOT NULL,
    task_data             BYTEA,
    execution_time        TIMESTAMP WITH TIME ZONE NOT NULL,
    picked                BOOLEAN NOT NULL,
    picked_by             VARCHAR(100),
    last_success          TIMESTAMP WITH TIME ZONE,
    last_failure          TIMESTAMP WITH TIME ZONE,
    consecutive_failures  INTEGER,
    last_heartbeat        TIMESTAMP WITH TIME ZONE,
    version               BIGINT NOT NULL,
    priority              SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_by_execution_time ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_by_heartbeat ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_by_priority ON scheduled_tasks (priority DESC, execution_time ASC);
