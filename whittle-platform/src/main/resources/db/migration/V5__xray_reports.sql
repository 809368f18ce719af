-- X-ray reports (M1.5): the report document of each X-ray the server ran, owned by an organization, with the
-- figures the listings show in columns of their own (so a list never parses a report). Shared by H2 and PostgreSQL:
-- TEXT is a CLOB in H2 and unbounded text in PostgreSQL; BYTEA is binary in both. Depends on V1 and V4.
CREATE TABLE xray_reports (
    id                 UUID PRIMARY KEY,
    organization_id    UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    job_id             UUID,                         -- the job that made it; kept when the job row goes
    connector_id       VARCHAR(64)  NOT NULL,        -- as given: the connector may be deleted later
    reference          VARCHAR(1000) NOT NULL,
    image_digest       VARCHAR(200) NOT NULL,
    platform           VARCHAR(100) NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    uncompressed_size  BIGINT       NOT NULL,
    compressed_size    BIGINT       NOT NULL,
    efficiency         DOUBLE PRECISION NOT NULL,
    wasted_bytes       BIGINT       NOT NULL,
    findings_critical  INTEGER      NOT NULL,
    findings_high      INTEGER      NOT NULL,
    findings_medium    INTEGER      NOT NULL,
    findings_low       INTEGER      NOT NULL,
    findings_info      INTEGER      NOT NULL,
    package_count      INTEGER      NOT NULL,
    layer_count        INTEGER      NOT NULL,
    report             TEXT         NOT NULL           -- the JSON document of 'whittle xray -o json'
);
CREATE INDEX xray_reports_by_created ON xray_reports (organization_id, created_at, id);
CREATE INDEX xray_reports_by_digest ON xray_reports (organization_id, image_digest);

-- Each layer's file listing for the report's explorer (gzip; see the server's LayerListing), and the merged file
-- system's as layer -1: what the explorer lists without reading the layers again.
CREATE TABLE xray_report_files (
    report_id  UUID    NOT NULL REFERENCES xray_reports (id) ON DELETE CASCADE,
    layer      INTEGER NOT NULL,
    listing    BYTEA   NOT NULL,
    PRIMARY KEY (report_id, layer)
);
