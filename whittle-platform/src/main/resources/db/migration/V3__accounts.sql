-- Accounts (M1.3): passwords, API tokens, browser sessions and the first-administrator setup token.
-- No secret is stored: passwords as Argon2id PHC strings, the random bearer secrets (tokens, session cookies, the
-- setup token) as lowercase hex SHA-256 digests, looked up by equality.

-- No code wrote users before this version, so the table is empty and the column needs no default.
ALTER TABLE users ADD COLUMN password_hash VARCHAR(300) NOT NULL;
ALTER TABLE users ADD COLUMN admin BOOLEAN DEFAULT FALSE NOT NULL;
-- users.organization_id is the user's personal organization: one per user, and it takes no other members.
ALTER TABLE users ADD CONSTRAINT users_personal_organization UNIQUE (organization_id);
CREATE INDEX memberships_by_user ON memberships (user_id);

-- A token acts as its user in its organization, with the role the user has there when it is used.
CREATE TABLE api_tokens (
    id               UUID PRIMARY KEY,
    user_id          UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id  UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name             VARCHAR(100) NOT NULL,
    secret_hash      VARCHAR(64)  NOT NULL,
    display_prefix   VARCHAR(16)  NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at       TIMESTAMP WITH TIME ZONE,
    last_used_at     TIMESTAMP WITH TIME ZONE,
    revoked_at       TIMESTAMP WITH TIME ZONE,
    CONSTRAINT api_tokens_secret_hash UNIQUE (secret_hash)
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id, created_at);

-- The id is a handle for listing and logs; the cookie carries the secret whose digest is secret_hash.
-- idle_expires_at moves forward with use, never past absolute_expires_at.
CREATE TABLE sessions (
    id                   VARCHAR(36) PRIMARY KEY,
    secret_hash          VARCHAR(64) NOT NULL,
    user_id              UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organization_id      UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    idle_expires_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    absolute_expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sessions_secret_hash UNIQUE (secret_hash)
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- At most one setup token: issuing another replaces it.
CREATE TABLE setup_tokens (
    id          INTEGER PRIMARY KEY,
    token_hash  VARCHAR(64) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT setup_tokens_single CHECK (id = 1)
);
