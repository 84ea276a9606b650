-- +goose Up
-- Access events (logins, lockouts, logouts, refused requests) are audit
-- rows too: they need the client's address and the route. Each row also
-- keeps the agency's name as it was when the event happened, so the trail
-- reads the same after a rename; rows written before are given today's.
ALTER TABLE audit_log ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN route TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN agency_name TEXT;
UPDATE audit_log SET agency_name = (SELECT a.name FROM agencies a WHERE a.id = audit_log.agency_id)
    WHERE agency_id IS NOT NULL;
CREATE INDEX audit_log_action ON audit_log(action, at);

-- +goose Down
DROP INDEX audit_log_action;
ALTER TABLE audit_log DROP COLUMN agency_name;
ALTER TABLE audit_log DROP COLUMN route;
ALTER TABLE audit_log DROP COLUMN address;
