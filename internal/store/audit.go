package store

import (
	"context"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// AuditEntry is one change: who, what, old -> new, and where it came from.
type AuditEntry struct {
	Actor    string
	Action   string // "value.save", "submission.submit", "user.create", ...
	Entity   string // "value", "submission", "target", "user", "agency", "access"
	AgencyID int64  // 0 when the change concerns no agency
	Period   kpi.Period
	Field    string
	Old      string
	New      string
	Source   string
	Address  string // the client's address, for access events
	Route    string // the request's method and path, for access events
}

// AuditEntityAccess is the entity of access events (logins, lockouts,
// logouts, refused requests) in the audit trail.
const AuditEntityAccess = "access"

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
	// The agency's name is copied as it is now: the trail shows names as
	// they were when the event happened, whatever renames come later.
	_, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO audit_log
		(at, actor, action, entity, agency_id, agency_name, year, quarter, field, old_value, new_value, source, address, route)
		VALUES (?, ?, ?, ?, ?, (SELECT name FROM agencies WHERE id = ?), ?, ?, ?, ?, ?, ?, ?, ?)`),
		unix(db.now()), e.Actor, e.Action, e.Entity, agency, agency, year, quarter, e.Field, e.Old, e.New, e.Source, e.Address, e.Route)
	return err
}

// RecordAudit writes one audit row in a transaction of its own: an event
// that is not part of a write (a refused request).
func (db *DB) RecordAudit(ctx context.Context, e AuditEntry) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error { return db.audit(ctx, tx, e) })
}
