package store

import (
	"context"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// AgencyState is where one agency stands for one quarter.
type AgencyState struct {
	Code       string   `db:"code" json:"code"`
	Name       string   `db:"name" json:"name"`
	Kind       kpi.Kind `db:"kind" json:"kind"`
	ParentCode string   `db:"parent_code" json:"parent_code"`
	State      string   `db:"state" json:"state"` // kpi.State*, "" = not started
	Reason     string   `db:"reason" json:"reason,omitempty"`
	UpdatedBy  string   `db:"updated_by" json:"updated_by,omitempty"`
	// Late is whether the report was submitted after its due day.
	Late bool `db:"late" json:"late"`
}

// CompletenessFilter selects a page of the agencies of the scope's subtree
// (itself included) by the state of their report for the scope's quarter.
type CompletenessFilter struct {
	Scope
	Kind   kpi.Kind // "" every kind
	States []string // the states to list ("" = not started); none: every state
	Offset int
	Limit  int // 0: every agency
}

// Completeness lists the agencies of the scope's subtree (itself included)
// with the state of their report for the scope's quarter, in tree order:
// "who has not submitted yet". It reads the subtree in index order and stops
// at the page's end.
func (db *DB) Completeness(ctx context.Context, f CompletenessFilter) ([]AgencyState, error) {
	if err := (kpi.Period{Year: f.Year, Quarter: f.Quarter}).Validate(); err != nil {
		return nil, err
	}
	scope, err := db.scopeID(ctx, f.Agency)
	if err != nil {
		return nil, err
	}
	cond, args := "", []any{mainDataset, f.Year, f.period()}
	if f.Kind != "" {
		cond, args = cond+" AND a.kind = ?", append(args, string(f.Kind))
	}
	if len(f.States) > 0 {
		cond, args = cond+" AND COALESCE(sub.state, '') IN (?)", append(args, f.States)
	}
	page := ""
	if f.Limit > 0 {
		page, args = " LIMIT ? OFFSET ?", append(args, f.Limit, f.Offset)
	}
	q, args, err := sqlx.In(`SELECT a.code, a.name, a.kind, COALESCE(p.code, '') AS parent_code,
			COALESCE(sub.state, '') AS state, COALESCE(sub.reason, '') AS reason, COALESCE(sub.updated_by, '') AS updated_by,
			COALESCE(sub.late, 0) AS late
		FROM agency_closure c
		JOIN agencies a ON a.id = c.descendant_id
		LEFT JOIN agencies p ON p.id = a.parent_id
		LEFT JOIN submissions sub ON sub.agency_id = a.id AND sub.dataset_id = ? AND sub.year = ? AND sub.period = ?
		WHERE `+ancestorIs("c", scope)+cond+`
		ORDER BY c.descendant_id`+page, args...)
	if err != nil {
		return nil, err
	}
	var rows []AgencyState
	err = db.r.SelectContext(ctx, &rows, db.r.Rebind(q), args...)
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

// CompletenessCounts counts the agencies of the scope's subtree (itself
// included) by kind and by the state of their report for the scope's
// period ("" = not started; for a year, the lowest state of its quarters),
// from the maintained report counts: a few rows, whatever the size of the
// subtree.
func (db *DB) CompletenessCounts(ctx context.Context, s Scope) (map[kpi.Kind]map[string]int, error) {
	tree, a, err := db.scopeAgency(ctx, s.Agency)
	if err != nil {
		return nil, err
	}
	out := map[kpi.Kind]map[string]int{}
	add := func(kind kpi.Kind, state string, n int) {
		if out[kind] == nil {
			out[kind] = map[string]int{}
		}
		out[kind][state] += n
	}
	if tree.HasChildren(a.Code) {
		var rows []struct {
			Kind  string `db:"kind"`
			State string `db:"state"`
			N     int    `db:"n"`
		}
		if err := db.r.SelectContext(ctx, &rows, db.r.Rebind(`SELECT kind, state, n FROM report_counts
			WHERE scope_id = ? AND dataset_id = ? AND year = ? AND period = ?`), a.ID, mainDataset, s.Year, s.period()); err != nil {
			return nil, err
		}
		for _, r := range rows {
			add(kpi.Kind(r.Kind), r.State, r.N)
		}
	} else {
		state, err := db.ownState(ctx, *a, s)
		if err != nil {
			return nil, err
		}
		if state != kpi.StateNotStarted {
			add(a.Kind, state, 1)
		}
	}
	for kind, n := range tree.SubtreeKinds(a.Code) {
		counted := 0
		for _, c := range out[kind] {
			counted += c
		}
		if n > counted {
			add(kind, kpi.StateNotStarted, n-counted)
		}
	}
	return out, nil
}

// ownState is one agency's report state for the scope's period: a
// quarter's, or for the year the lowest of its quarters'.
func (db *DB) ownState(ctx context.Context, a kpi.Agency, s Scope) (string, error) {
	if s.Quarter != 0 {
		sub, err := submissionTx(ctx, db.r, a.ID, kpi.Period{Year: s.Year, Quarter: s.Quarter})
		return sub.State, err
	}
	y, err := db.readYear(ctx, db.r, a, s.Year)
	return kpi.LowestState(y.States[1:]...), err
}

// Coverage is how complete the scope's figures of the period are: of its
// agencies, how many have their report approved, submitted, in draft or
// missing; in total and by kind. Every kind reports every indicator while
// there is one data set, so one coverage serves every figure of the scope.
func (db *DB) Coverage(ctx context.Context, s Scope) (kpi.Coverage, map[kpi.Kind]kpi.Coverage, error) {
	counts, err := db.CompletenessCounts(ctx, s)
	if err != nil {
		return kpi.Coverage{}, nil, err
	}
	var total kpi.Coverage
	byKind := make(map[kpi.Kind]kpi.Coverage, len(counts))
	agencies := 0
	for kind, states := range counts {
		var c kpi.Coverage
		n := 0
		for state, k := range states {
			c.Add(state, k)
			total.Add(state, k)
			n += k
		}
		c.Close(n)
		byKind[kind] = c
		agencies += n
	}
	total.Close(agencies)
	return total, byKind, nil
}
