-- +goose Up
-- Every timestamp in integer Unix seconds, as the tables of figures keep
-- them since 00010: the audit log, users, sessions, failed logins and
-- pending uploads kept v1's TIMESTAMP text ("2021-04-02 08:30:00+00:00").
-- Integers compare and sort the same on every engine and copy between
-- engines as they are. Each column is replaced in place (add, fill, drop,
-- rename) rather than by rebuilding its table: users is referenced by
-- sessions, tokens, contacts and notices with ON DELETE CASCADE, which a
-- DROP TABLE would set off.
DROP INDEX audit_log_at;
DROP INDEX audit_log_actor;
DROP INDEX audit_log_action;
ALTER TABLE audit_log ADD COLUMN at_s INTEGER NOT NULL DEFAULT 0;
UPDATE audit_log SET at_s = COALESCE(CAST(strftime('%s', at) AS INTEGER), 0);
ALTER TABLE audit_log DROP COLUMN at;
ALTER TABLE audit_log RENAME COLUMN at_s TO at;
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_actor ON audit_log(actor, at);
CREATE INDEX audit_log_action ON audit_log(action, at);

ALTER TABLE users ADD COLUMN created_s INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN updated_s INTEGER NOT NULL DEFAULT 0;
UPDATE users SET created_s = COALESCE(CAST(strftime('%s', created_at) AS INTEGER), 0),
    updated_s = COALESCE(CAST(strftime('%s', updated_at) AS INTEGER), 0);
ALTER TABLE users DROP COLUMN created_at;
ALTER TABLE users DROP COLUMN updated_at;
ALTER TABLE users RENAME COLUMN created_s TO created_at;
ALTER TABLE users RENAME COLUMN updated_s TO updated_at;

ALTER TABLE sessions ADD COLUMN created_s INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN seen_s INTEGER NOT NULL DEFAULT 0;
UPDATE sessions SET created_s = COALESCE(CAST(strftime('%s', created_at) AS INTEGER), 0),
    seen_s = COALESCE(CAST(strftime('%s', last_seen_at) AS INTEGER), 0);
ALTER TABLE sessions DROP COLUMN created_at;
ALTER TABLE sessions DROP COLUMN last_seen_at;
ALTER TABLE sessions RENAME COLUMN created_s TO created_at;
ALTER TABLE sessions RENAME COLUMN seen_s TO last_seen_at;

ALTER TABLE login_attempts ADD COLUMN first_s INTEGER NOT NULL DEFAULT 0;
ALTER TABLE login_attempts ADD COLUMN locked_s INTEGER;
UPDATE login_attempts SET first_s = COALESCE(CAST(strftime('%s', first_at) AS INTEGER), 0),
    locked_s = CAST(strftime('%s', locked_until) AS INTEGER);
ALTER TABLE login_attempts DROP COLUMN first_at;
ALTER TABLE login_attempts DROP COLUMN locked_until;
ALTER TABLE login_attempts RENAME COLUMN first_s TO first_at;
ALTER TABLE login_attempts RENAME COLUMN locked_s TO locked_until;

DROP INDEX uploads_expires;
ALTER TABLE uploads ADD COLUMN created_s INTEGER NOT NULL DEFAULT 0;
ALTER TABLE uploads ADD COLUMN expires_s INTEGER NOT NULL DEFAULT 0;
UPDATE uploads SET created_s = COALESCE(CAST(strftime('%s', created_at) AS INTEGER), 0),
    expires_s = COALESCE(CAST(strftime('%s', expires_at) AS INTEGER), 0);
ALTER TABLE uploads DROP COLUMN created_at;
ALTER TABLE uploads DROP COLUMN expires_at;
ALTER TABLE uploads RENAME COLUMN created_s TO created_at;
ALTER TABLE uploads RENAME COLUMN expires_s TO expires_at;
CREATE INDEX uploads_expires ON uploads(expires_at);

-- +goose Down
-- Irreversible: the text timestamps are not made again.
SELECT 1;
