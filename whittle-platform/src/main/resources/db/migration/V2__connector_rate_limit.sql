-- The pull rate limit a registry last reported for a connector (Docker Hub's remaining pulls): all four
-- columns are set together, or all are null where the registry reports none.
ALTER TABLE connectors ADD COLUMN rate_limit_limit INTEGER;
ALTER TABLE connectors ADD COLUMN rate_limit_remaining INTEGER;
ALTER TABLE connectors ADD COLUMN rate_limit_window_seconds BIGINT;
ALTER TABLE connectors ADD COLUMN rate_limit_checked_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE connectors ADD CONSTRAINT connectors_rate_limit CHECK (
    (rate_limit_limit IS NULL AND rate_limit_remaining IS NULL AND rate_limit_window_seconds IS NULL
        AND rate_limit_checked_at IS NULL)
    OR (rate_limit_limit >= 0 AND rate_limit_remaining >= 0 AND rate_limit_window_seconds > 0
        AND rate_limit_checked_at IS NOT NULL));
