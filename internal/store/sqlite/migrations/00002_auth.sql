-- +goose Up
-- Accounts: one role and one scope agency each. Only a password hash is
-- kept (bcrypt), never the password.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL,
    agency_id     INTEGER NOT NULL REFERENCES agencies(id),
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);

-- Sessions live in the database so they survive restarts and are shared by
-- every app instance on the database. The key is the SHA-256 of the random
-- token in the cookie: a copy of this table does not let anyone log in.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

-- Failed logins per key ("user:<name>" or "addr:<client address>"): a key
-- with too many failures in a window is locked until locked_until.
CREATE TABLE login_attempts (
    key          TEXT PRIMARY KEY,
    failures     INTEGER NOT NULL,
    first_at     TIMESTAMP NOT NULL,
    locked_until TIMESTAMP
);

CREATE INDEX audit_log_actor ON audit_log(actor, at);

-- +goose Down
DROP INDEX audit_log_actor;
DROP TABLE login_attempts;
DROP TABLE sessions;
DROP TABLE users;
