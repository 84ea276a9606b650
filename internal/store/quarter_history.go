package store

import (
	"context"
	"time"

	"parkpi/internal/kpi"
)

// QuarterEvent is one audit row of an agency's quarter: a value saved
// (Entity "value", Field the indicator code) or a move of its report
// (Entity "submission", Action "submission.approve", …), oldest first.
type QuarterEvent struct {
	ID     int64     `db:"id"`
	At     time.Time `db:"-"`
	AtUnix int64     `db:"at"` // as the log keeps it: Unix seconds
	Actor  string    `db:"actor"`
	Action string    `db:"action"`
	Entity string    `db:"entity"`
	Field  string    `db:"field"`
	Old    string    `db:"old_value"`
	New    string    `db:"new_value"`
}

// QuarterHistory returns the audit trail of one agency's quarter — its
// value saves and report moves, in the order they happened — so a leader
// can see what changed since the quarter was last approved. It reads the
// agency's own rows by the audit log's (agency, year, quarter) index.
func (db *DB) QuarterHistory(ctx context.Context, agency string, p kpi.Period) ([]QuarterEvent, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	a, err := agencyByCode(ctx, db.r, agency)
	if err != nil {
		return nil, err
	}
	var rows []QuarterEvent
	err = db.r.SelectContext(ctx, &rows, db.r.Rebind(`SELECT id, at, actor, action, entity, field, old_value, new_value
		FROM audit_log WHERE agency_id = ? AND year = ? AND quarter = ? AND entity IN ('value', 'submission')
		ORDER BY id`), a.ID, p.Year, p.Quarter)
	for i := range rows {
		rows[i].At = fromUnix(rows[i].AtUnix)
	}
	return rows, err
}
