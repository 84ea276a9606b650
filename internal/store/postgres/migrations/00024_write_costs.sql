-- +goose Up
-- What every save pays for on the server and no read needs.
-- audit_log_action: the trail is read by agency-year (audit_log_agency), by
-- time (audit_log_at), by actor (audit_log_actor) and by entity, never by
-- action; each of a save's audit rows was inserted into it all the same.
DROP INDEX audit_log_action;
-- A group's pending row (a few kilobytes of JSON, deleted by the next fold
-- about a second later) is compressed on insert and read back by the fold:
-- with lz4, where the server has it, at a fraction of pglz's cost. (Kept
-- uncompressed instead, a row took three times as long to insert and the
-- fold's scan of the table seven times as long.)
-- +goose StatementBegin
DO $$
BEGIN
    IF 'lz4' = ANY (SELECT unnest(enumvals) FROM pg_settings WHERE name = 'default_toast_compression') THEN
        ALTER TABLE pending_sums ALTER COLUMN payload SET COMPRESSION lz4;
    END IF;
END
$$;
-- +goose StatementEnd

-- +goose Down
ALTER TABLE pending_sums ALTER COLUMN payload SET COMPRESSION default;
CREATE INDEX audit_log_action ON audit_log(action, at);
