-- +goose Up
-- What every save pays for on the server and no read needs.
-- audit_log_action: the trail is read by agency-year (audit_log_agency), by
-- time (audit_log_at), by actor (audit_log_actor) and by entity, never by
-- action; each of a save's audit rows inserted into it all the same.
DROP INDEX audit_log_action;
-- A group's pending row (a few kilobytes of JSON, deleted by the next fold,
-- about a second later) was compressed on insert and decompressed by the
-- fold: kept as it is up to a page's worth.
ALTER TABLE pending_sums SET (toast_tuple_target = 8160);

-- +goose Down
ALTER TABLE pending_sums RESET (toast_tuple_target);
CREATE INDEX audit_log_action ON audit_log(action, at);
