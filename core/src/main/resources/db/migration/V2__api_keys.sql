-- API keys: only a SHA-256 hash of each key is kept; a revoked key stays listed with its revoked_at.
CREATE TABLE api_keys (
    id            UUID                     NOT NULL PRIMARY KEY,
    name          VARCHAR(100)             NOT NULL,
    scope         VARCHAR(10)              NOT NULL,
    key_hash      VARCHAR(64)              NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at  TIMESTAMP WITH TIME ZONE,
    revoked_at    TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_api_keys_key_hash UNIQUE (key_hash)
);
