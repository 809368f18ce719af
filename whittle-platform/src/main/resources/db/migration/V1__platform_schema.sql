-- The platform's schema, shared by the embedded H2 database and PostgreSQL: keep to SQL both accept.
-- Every row names the organization (tenant) that owns it, so each query can be scoped to one tenant.

CREATE TABLE organizations (
    id          UUID PRIMARY KEY,
    slug        VARCHAR(64)  NOT NULL,
    name        VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT organizations_slug UNIQUE (slug)
);

-- Accounts (M1.3 adds credentials). A user row belongs to the user's personal organization.
CREATE TABLE users (
    id               UUID PRIMARY KEY,
    organization_id  UUID NOT NULL REFERENCES organizations (id),
    username         VARCHAR(64)  NOT NULL,
    display_name     VARCHAR(200) NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT users_username UNIQUE (username)
);

CREATE TABLE memberships (
    organization_id  UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id          UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role             VARCHAR(16) NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (organization_id, user_id),
    CONSTRAINT memberships_role CHECK (role IN ('owner', 'member', 'viewer'))
);

-- A registry connector. The id is the user-facing connector ID (provider.xxxxxxxxxx): unique across all
-- tenants, so an ID names one connector forever; reads still always filter by organization_id.
CREATE TABLE connectors (
    id               VARCHAR(64)  PRIMARY KEY,
    organization_id  UUID NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    provider         VARCHAR(32)  NOT NULL,
    name             VARCHAR(100) NOT NULL,
    registry_host    VARCHAR(300) NOT NULL,
    settings         VARCHAR(1000000) NOT NULL,   -- JSON object of the non-secret fields
    status           VARCHAR(16)  NOT NULL,
    status_reason    VARCHAR(1000) NOT NULL,
    access           VARCHAR(16)  NOT NULL,
    expires_at       TIMESTAMP WITH TIME ZONE,
    last_checked_at  TIMESTAMP WITH TIME ZONE,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    version          BIGINT NOT NULL,
    CONSTRAINT connectors_owner UNIQUE (organization_id, id),
    CONSTRAINT connectors_name UNIQUE (organization_id, name),
    CONSTRAINT connectors_status CHECK (status IN ('verified', 'unverified', 'failing')),
    CONSTRAINT connectors_access CHECK (access IN ('read-only', 'read-write', 'unknown'))
);
CREATE INDEX connectors_by_created ON connectors (organization_id, created_at, id);
CREATE INDEX connectors_by_host ON connectors (organization_id, registry_host);

-- One encrypted value per secret field rather than one encrypted map per connector: the field name is
-- bound into each ciphertext (a token cannot be swapped into another field), an edit that leaves a field
-- empty keeps that one ciphertext untouched without decrypting the others, and the list of fields that
-- are set is readable without any key. Format of ciphertext: see SecretCipher (v<key version>:<base64url>).
CREATE TABLE connector_secrets (
    organization_id  UUID NOT NULL,
    connector_id     VARCHAR(64) NOT NULL,
    field            VARCHAR(64) NOT NULL,
    ciphertext       VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (organization_id, connector_id, field),
    CONSTRAINT connector_secrets_owner FOREIGN KEY (organization_id, connector_id)
        REFERENCES connectors (organization_id, id) ON DELETE CASCADE
);

-- The organization of the CLI's local mode (OrganizationId.LOCAL).
INSERT INTO organizations (id, slug, name, created_at)
VALUES ('00000000-0000-0000-0000-000000000001', 'local', 'Local', CURRENT_TIMESTAMP);
