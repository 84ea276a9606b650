-- +goose Up
-- Personal API tokens: a user's key for scripts and the province's other
-- systems, sent as "Authorization: Bearer …" on /api/v1. Only the SHA-256
-- of the token is kept (a copy of this table lets nobody in); hint is its
-- last four characters, to tell a user's tokens apart. A token acts with
-- its user's role, within agency_id's subtree when set (a scope narrower
-- than the user's), read-only when read_only is 1, until expires_at or
-- revoked_at. Revoked tokens stay listed: nothing is silently deleted.
-- Times are Unix seconds.
CREATE TABLE api_tokens (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    token_hash     TEXT NOT NULL UNIQUE,
    hint           TEXT NOT NULL,
    agency_id      INTEGER REFERENCES agencies(id),
    read_only      INTEGER NOT NULL DEFAULT 0,
    created_by     TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    last_used_at   INTEGER,
    last_used_addr TEXT NOT NULL DEFAULT '',
    revoked_at     INTEGER
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- +goose Down
DROP TABLE api_tokens;
