-- +goose Up
-- SQLite's 00025 drops audit_log_action, which PostgreSQL dropped in its
-- 00024.
SELECT 1;

-- +goose Down
SELECT 1;
