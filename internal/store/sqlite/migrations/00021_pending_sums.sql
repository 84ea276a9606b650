-- +goose Up
-- PostgreSQL's 00021 adds pending_sums for the fold of deferred sums; the
-- embedded engine has one writer, which writes the sums with the save.
SELECT 1;

-- +goose Down
SELECT 1;
