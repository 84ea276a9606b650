-- +goose Up
-- audit_log_action: the trail is read by agency-year (audit_log_agency), by
-- time (audit_log_at), by actor (audit_log_actor) and by entity, never by
-- action (the one statement that names an action, copy's removal of the
-- seed row, reads a table of one row); each of a save's audit rows was
-- inserted into it all the same. PostgreSQL dropped it in its 00024.
DROP INDEX audit_log_action;

-- +goose Down
CREATE INDEX audit_log_action ON audit_log(action, at);
