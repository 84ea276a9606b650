-- +goose Up
-- PostgreSQL's 00024 drops audit_log_action and compresses the pending
-- rows of the fold with lz4; the embedded engine keeps its schema.
SELECT 1;

-- +goose Down
SELECT 1;
