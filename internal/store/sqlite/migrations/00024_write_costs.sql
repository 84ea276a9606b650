-- +goose Up
-- PostgreSQL's 00024 drops audit_log_action and stops compressing the
-- pending rows of the fold; the embedded engine keeps its schema.
SELECT 1;

-- +goose Down
SELECT 1;
