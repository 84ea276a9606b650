package store

import (
	"context"

	"parkpi/internal/kpi"
)

// AuditEntry is one change: who, what, old -> new, and where it came from.
type AuditEntry struct {
	Actor    string
	Action   string // "value.save", "submission.submit", "user.create", ...
	Entity   string // "value", "submission", "target", "user", "agency"
	AgencyID int64  // 0 when the change concerns no agency
	Period   kpi.Period
	Field    string
	Old      string
	New      string
	Source   string
}

// audit writes one audit row inside the caller's transaction, so a write
// that rolls back leaves no audit row behind, and one that commits always
// leaves one.
func (db *DB) audit(ctx context.Context, tx execer, e AuditEntry) error {
	var agency any
	if e.AgencyID != 0 {
		agency = e.AgencyID
	}
	var year, quarter any
	if e.Period.Year != 0 {
		year, quarter = e.Period.Year, e.Period.Quarter
	}
	_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO audit_log
		(at, actor, action, entity, agency_id, year, quarter, field, old_value, new_value, source)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		unix(db.now()), e.Actor, e.Action, e.Entity, agency, year, quarter, e.Field, e.Old, e.New, e.Source)
	return err
}
