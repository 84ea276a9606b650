package store

import (
	"context"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// The reads of agencies' own figures (not their subtrees'): a leaf's
// figures, the rows of the reports and of a ranking. A year's are the
// maintained own_figures rows, a quarter's the entered values.

// agencySet picks agencies for an own-figures read: a list of ids, or a
// whole subtree (itself included); and the indicators to read, all when
// none are named.
type agencySet struct {
	ids        []int64
	subtree    int64   // the subtree root's id (0: ids)
	indicators []int64 // only these
}

func byIDs(ids []int64) agencySet { return agencySet{ids: ids} }

// where is the condition on the agency column col and the indicator column
// ind, with its arguments. The indicators are a filter, never a seek:
// SQLite reading an agency's rows of a period one after another costs less
// than seeking each indicator, and rows it leaves out do not cross into Go.
// Ids below 63 (a catalogue's, in practice) are tested as bits of one
// number: an IN list is a look-up in a table SQLite builds for the query,
// for every row it visits, which cost a report of every agency more than
// the rest of the test of its rows (the ids of larger numbers would shift
// past the mask's bits, hence the bound).
func (a agencySet) where(col, ind string) (string, []any) {
	cond, args := col+" IN (?)", []any{a.ids}
	if a.subtree != 0 {
		cond, args = col+` IN (SELECT c.descendant_id FROM agency_closure c WHERE `+ancestorIs("c", a.subtree)+`)`, nil
	}
	if len(a.indicators) == 0 {
		return cond, args
	}
	if mask, ok := bitsOf(a.indicators); ok {
		return cond + " AND " + ind + " < 63 AND ((CAST(? AS BIGINT) >> " + ind + ") & 1) = 1", append(args, mask)
	}
	return cond + " AND +" + ind + " IN (?)", append(args, a.indicators)
}

// bitsOf is the set of ids as the bits of one number, false when an id
// does not fit in 0–62.
func bitsOf(ids []int64) (int64, bool) {
	var mask int64
	for _, id := range ids {
		if id < 0 || id >= 63 {
			return 0, false
		}
		mask |= 1 << id
	}
	return mask, true
}

// ownTotals reads agencies' own figures, each as a total of one agency: a
// quarter's entered values, counted when its report reaches the level; a
// year's own figures, the buckets at or above the level.
func (db *DB) ownTotals(ctx context.Context, set agencySet, s Scope) (map[int64]map[string]kpi.Total, error) {
	out := map[int64]map[string]kpi.Total{}
	err := db.eachOwn(ctx, set, s, func(agency, ind int64, t kpi.Total) {
		if out[agency] == nil {
			out[agency] = map[string]kpi.Total{}
		}
		out[agency][db.codeOf(ind)] = t
	})
	return out, err
}

// eachOwn streams agencies' own figures of the scope's period and level
// to fn, by agency and indicator id. An own figure counts one agency (N is
// 1): the rows that count none are left out, and only the columns fn needs
// cross cgo, since a report reads hundreds of thousands of them.
func (db *DB) eachOwn(ctx context.Context, set agencySet, s Scope, fn func(agency, ind int64, t kpi.Total)) error {
	return db.eachOwnOn(ctx, db.r, set, s, fn)
}

// eachOwnOn is eachOwn on a connection of the caller's.
func (db *DB) eachOwnOn(ctx context.Context, on queryer, set agencySet, s Scope, fn func(agency, ind int64, t kpi.Total)) error {
	if set.subtree == 0 && len(set.ids) == 0 {
		return nil
	}
	// The agencies and indicators last: SQLite tests a row's columns in the
	// order written, and the cheap tests of the bucket and the count turn
	// away most of the rows it visits (the other buckets of the same
	// indicators) before the indicator's look-up in its list.
	cond, setArgs := set.where("v.agency_id", "v.indicator_id")
	q := `SELECT v.agency_id, v.indicator_id, SUM(v.value) FROM own_figures v
		WHERE v.year = ? AND v.period = ? AND v.option_id = 0 AND v.bucket >= ? AND ` + cond + `
		GROUP BY v.agency_id, v.indicator_id HAVING SUM(v.n) <> 0`
	args := append([]any{s.Year, s.period(), int(s.level())}, setArgs...)
	if s.level() == kpi.LevelApproved {
		// One bucket: no sum to make, and SQLite's grouping costs more than
		// the rows (the approved figures are what reports ask for).
		q = `SELECT v.agency_id, v.indicator_id, v.value FROM own_figures v
			WHERE v.year = ? AND v.period = ? AND v.option_id = 0 AND v.bucket = ? AND v.n <> 0 AND ` + cond
	}
	var counted map[int64]bool // a quarter's agencies whose report reaches the level; nil: all of them
	if s.Quarter != 0 {
		q = `SELECT v.agency_id, v.indicator_id, v.value FROM kpi_values v
			WHERE v.year = ? AND v.period = ? AND v.option_id = 0 AND ` + cond
		args = append([]any{s.Year, s.period()}, setArgs...)
		if s.level() > kpi.LevelAll {
			var err error
			if counted, err = db.reportsAtLevel(ctx, on, set, s); err != nil {
				return err
			}
		}
	}
	q, args, err := sqlx.In(q, args...)
	if err != nil {
		return err
	}
	rows, err := on.QueryContext(ctx, on.Rebind(q), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	// Scanned into any: database/sql converts an int64 or a float64 into
	// *int64 or *float64 by reflection, which costs more than SQLite's step.
	var agency, ind, value any
	for rows.Next() {
		if err := rows.Scan(&agency, &ind, &value); err != nil {
			return err
		}
		id := asInt(agency)
		if counted != nil && !counted[id] {
			continue
		}
		fn(id, asInt(ind), kpi.Total{Sum: asFloat(value), N: 1})
	}
	return rows.Err()
}

// reportsAtLevel is the set's agencies whose report of the scope's quarter
// counts at its level: read once for the agencies, not joined to every
// value (a join looks the report up again for each of an agency's values).
func (db *DB) reportsAtLevel(ctx context.Context, on queryer, set agencySet, s Scope) (map[int64]bool, error) {
	cond, args := agencySet{ids: set.ids, subtree: set.subtree}.where("sub.agency_id", "")
	q, args, err := sqlx.In(`SELECT sub.agency_id FROM submissions sub WHERE `+cond+`
		AND sub.dataset_id = ? AND sub.year = ? AND sub.period = ? AND sub.state IN (?)`,
		append(args, mainDataset, s.Year, s.period(), kpi.StatesAtLeast(s.level()))...)
	if err != nil {
		return nil, err
	}
	var ids []int64
	if err := sqlx.SelectContext(ctx, on, &ids, on.Rebind(q), args...); err != nil {
		return nil, err
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// asInt and asFloat read a column scanned into an any: SQLite answers
// integers as int64, reals as float64.
func asInt(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case float64:
		return int64(x)
	}
	return 0
}

func asFloat(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int64:
		return float64(x)
	}
	return 0
}

// OwnFigures returns each agency's own figures (not its subtree's) for
// every agency in the scope's subtree that has any: rates computed from
// that agency's own counts.
func (db *DB) OwnFigures(ctx context.Context, s Scope) (map[string]map[string]kpi.Figure, error) {
	tree, root, err := db.scopeAgency(ctx, s.Agency)
	if err != nil {
		return nil, err
	}
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	own, err := db.ownTotals(ctx, agencySet{subtree: root.ID}, s)
	if err != nil {
		return nil, err
	}
	return deriveOwn(cat, tree, own), nil
}

// OwnFiguresOf returns the own figures of the named agencies for the
// scope's period and level (the scope's agency is not used): the cells of
// the few ranking rows a page shows. With indicators named, only the values
// their figures are made of are read, and only their figures are right.
func (db *DB) OwnFiguresOf(ctx context.Context, s Scope, codes []string, indicators ...string) (map[string]map[string]kpi.Figure, error) {
	tree, err := db.Tree(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, 0, len(codes))
	for _, c := range codes {
		if a := tree.Get(c); a != nil {
			ids = append(ids, a.ID)
		}
	}
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	set := byIDs(ids)
	if len(indicators) > 0 {
		set.indicators = db.idsOf(cat.Inputs(indicators...))
	}
	own, err := db.ownTotals(ctx, set, s)
	if err != nil {
		return nil, err
	}
	return deriveOwn(cat, tree, own), nil
}

func deriveOwn(cat *kpi.Catalogue, tree *kpi.Tree, own map[int64]map[string]kpi.Total) map[string]map[string]kpi.Figure {
	out := make(map[string]map[string]kpi.Figure, len(own))
	for id, totals := range own {
		if a := tree.ByID(id); a != nil {
			out[a.Code] = kpi.Derive(cat, totals)
		}
	}
	return out
}
