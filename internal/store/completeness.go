package store

import (
	"context"
	"database/sql"

	"parkpi/internal/kpi"
)

// AgencyState is where one agency stands for one quarter.
type AgencyState struct {
	Code       string       `db:"code" json:"code"`
	Name       string       `db:"name" json:"name"`
	Kind       kpi.Kind     `db:"kind" json:"kind"`
	ParentCode string       `db:"parent_code" json:"parent_code"`
	State      string       `db:"state" json:"state"` // kpi.State*, "" = not started
	Reason     string       `db:"reason" json:"reason,omitempty"`
	UpdatedBy  string       `db:"updated_by" json:"updated_by,omitempty"`
	UpdatedAt  sql.NullTime `db:"updated_at" json:"-"`
}

// Completeness lists every agency of the scope's subtree (itself included)
// with the state of its report for the scope's quarter, in tree order:
// "who has not submitted yet".
func (db *DB) Completeness(ctx context.Context, s Scope) ([]AgencyState, error) {
	if err := (kpi.Period{Year: s.Year, Quarter: s.Quarter}).Validate(); err != nil {
		return nil, err
	}
	var rows []AgencyState
	err := db.r.SelectContext(ctx, &rows, db.r.Rebind(`SELECT a.code, a.name, a.kind, COALESCE(p.code, '') AS parent_code,
			COALESCE(sub.state, '') AS state, COALESCE(sub.reason, '') AS reason,
			COALESCE(sub.updated_by, '') AS updated_by, sub.updated_at
		FROM agencies sc
		JOIN agency_closure c ON c.ancestor_id = sc.id
		JOIN agencies a ON a.id = c.descendant_id
		LEFT JOIN agencies p ON p.id = a.parent_id
		LEFT JOIN submissions sub ON sub.agency_id = a.id AND sub.year = ? AND sub.quarter = ?
		WHERE sc.code = ?
		ORDER BY a.sort_order, a.id`), s.Year, s.Quarter, s.Agency)
	return rows, err
}

// StateCounts tallies states by agency kind: kind -> state -> count.
func StateCounts(rows []AgencyState) map[kpi.Kind]map[string]int {
	out := map[kpi.Kind]map[string]int{}
	for _, r := range rows {
		if out[r.Kind] == nil {
			out[r.Kind] = map[string]int{}
		}
		out[r.Kind][r.State]++
	}
	return out
}
