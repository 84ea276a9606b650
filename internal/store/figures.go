package store

import (
	"context"

	"parkpi/internal/kpi"
)

// Scope selects figures: an agency's subtree, a year, and a quarter (0 for
// the whole year). It is the one query key behind pages, API and Excel.
type Scope struct {
	Agency  string
	Year    int
	Quarter int
}

type totalRow struct {
	Key       string  `db:"key"`
	Indicator string  `db:"indicator"`
	Sum       float64 `db:"sum"`
	N         int     `db:"n"`
}

// Totals returns the subtree totals of every indicator for the scope.
func (db *DB) Totals(ctx context.Context, s Scope) (map[string]kpi.Total, error) {
	return cached(db, cacheKey{"totals", s}, func() (map[string]kpi.Total, error) { return db.totals(ctx, s) }, cloneTotals)
}

func (db *DB) totals(ctx context.Context, s Scope) (map[string]kpi.Total, error) {
	byKind, err := db.totalsByKind(ctx, s)
	if err != nil {
		return nil, err
	}
	out := map[string]kpi.Total{}
	for _, totals := range byKind {
		for code, t := range totals {
			out[code] = out[code].Merge(t)
		}
	}
	return out, nil
}

// Figures returns the scope's figure for every indicator of the catalogue.
func (db *DB) Figures(ctx context.Context, s Scope) (map[string]kpi.Figure, error) {
	return cached(db, cacheKey{"figures", s}, func() (map[string]kpi.Figure, error) {
		totals, err := db.totals(ctx, s)
		if err != nil {
			return nil, err
		}
		return kpi.Derive(db.cat, totals), nil
	}, cloneFigures)
}

// Breakdown is a scope's figures in total and split by the kind of the
// reporting agencies (departments, districts, communes, ...).
type Breakdown struct {
	Total  map[string]kpi.Figure
	ByKind map[kpi.Kind]map[string]kpi.Figure
}

// FiguresByKind returns the scope's figures in total and by kind, from one
// read of the rollups.
func (db *DB) FiguresByKind(ctx context.Context, s Scope) (Breakdown, error) {
	return cached(db, cacheKey{"bykind", s}, func() (Breakdown, error) { return db.figuresByKind(ctx, s) }, cloneBreakdown)
}

func (db *DB) figuresByKind(ctx context.Context, s Scope) (Breakdown, error) {
	byKind, err := db.totalsByKind(ctx, s)
	if err != nil {
		return Breakdown{}, err
	}
	all := map[string]kpi.Total{}
	out := Breakdown{ByKind: make(map[kpi.Kind]map[string]kpi.Figure, len(byKind))}
	for kind, totals := range byKind {
		out.ByKind[kind] = kpi.Derive(db.cat, totals)
		for code, t := range totals {
			all[code] = all[code].Merge(t)
		}
	}
	out.Total = kpi.Derive(db.cat, all)
	return out, nil
}

func (db *DB) totalsByKind(ctx context.Context, s Scope) (map[kpi.Kind]map[string]kpi.Total, error) {
	var rows []totalRow
	err := db.r.SelectContext(ctx, &rows, db.r.Rebind(`SELECT r.kind AS key, r.indicator, r.sum, r.n
		FROM rollups r JOIN agencies a ON a.id = r.scope_id
		WHERE a.code = ? AND r.year = ? AND r.quarter = ?`), s.Agency, s.Year, s.Quarter)
	if err != nil {
		return nil, err
	}
	out := map[kpi.Kind]map[string]kpi.Total{}
	for _, r := range rows {
		k := kpi.Kind(r.Key)
		if out[k] == nil {
			out[k] = map[string]kpi.Total{}
		}
		out[k][r.Indicator] = kpi.Total{Sum: r.Sum, N: r.N}
	}
	return out, nil
}

// ChildFigures returns the subtree figures of each direct child of the
// scope's agency (a district's communes, the province's departments ...).
func (db *DB) ChildFigures(ctx context.Context, s Scope) (map[string]map[string]kpi.Figure, error) {
	return cached(db, cacheKey{"children", s}, func() (map[string]map[string]kpi.Figure, error) { return db.childFigures(ctx, s) }, cloneKeyed)
}

func (db *DB) childFigures(ctx context.Context, s Scope) (map[string]map[string]kpi.Figure, error) {
	var rows []totalRow
	err := db.r.SelectContext(ctx, &rows, db.r.Rebind(`SELECT c.code AS key, r.indicator, SUM(r.sum) AS sum, SUM(r.n) AS n
		FROM agencies p JOIN agencies c ON c.parent_id = p.id JOIN rollups r ON r.scope_id = c.id
		WHERE p.code = ? AND r.year = ? AND r.quarter = ?
		GROUP BY c.code, r.indicator`), s.Agency, s.Year, s.Quarter)
	if err != nil {
		return nil, err
	}
	return deriveKeyed(db.cat, rows), nil
}

// OwnFigures returns each agency's own figures (not its subtree) for every
// agency in the scope's subtree, the base of rankings: one row per agency,
// rates computed from that agency's own counts. At national scale that is
// 5,000 maps, so they are shared with the cache rather than copied for
// every caller: read them, never change them.
func (db *DB) OwnFigures(ctx context.Context, s Scope) (map[string]map[string]kpi.Figure, error) {
	return cached(db, cacheKey{"own", s}, func() (map[string]map[string]kpi.Figure, error) { return db.ownFigures(ctx, s) }, shareKeyed)
}

// ownFigures streams the subtree's rows in agency order (the closure
// index's order, so no sort) and derives each agency's figures as soon as
// its rows are in, with plain Scan: at 155,000 rows, reflection-based
// scanning and a totals map per agency cost more than the query.
func (db *DB) ownFigures(ctx context.Context, s Scope) (map[string]map[string]kpi.Figure, error) {
	q, args := `SELECT a.code, y.indicator, y.value
		FROM agencies s JOIN agency_closure c ON c.ancestor_id = s.id
		JOIN agencies a ON a.id = c.descendant_id
		JOIN agency_years y ON y.agency_id = a.id
		WHERE s.code = ? AND y.year = ?
		ORDER BY c.descendant_id`, []any{s.Agency, s.Year}
	if s.Quarter != 0 {
		q, args = `SELECT a.code, v.indicator, v.value
			FROM agencies s JOIN agency_closure c ON c.ancestor_id = s.id
			JOIN agencies a ON a.id = c.descendant_id
			JOIN kpi_values v ON v.agency_id = a.id
			WHERE s.code = ? AND v.year = ? AND v.quarter = ?
			ORDER BY c.descendant_id`, []any{s.Agency, s.Year, s.Quarter}
	}
	rows, err := db.r.QueryContext(ctx, db.r.Rebind(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[string]kpi.Figure{}
	totals := map[string]kpi.Total{}
	var cur string
	flush := func() {
		if cur != "" {
			out[cur] = kpi.Derive(db.cat, totals)
			clear(totals)
		}
	}
	for rows.Next() {
		var code, ind string
		var v float64
		if err := rows.Scan(&code, &ind, &v); err != nil {
			return nil, err
		}
		if code != cur {
			flush()
			cur = code
		}
		totals[ind] = kpi.Total{Sum: v, N: 1}
	}
	flush()
	return out, rows.Err()
}

func deriveKeyed(cat *kpi.Catalogue, rows []totalRow) map[string]map[string]kpi.Figure {
	totals := map[string]map[string]kpi.Total{}
	for _, r := range rows {
		if totals[r.Key] == nil {
			totals[r.Key] = map[string]kpi.Total{}
		}
		totals[r.Key][r.Indicator] = kpi.Total{Sum: r.Sum, N: r.N}
	}
	out := make(map[string]map[string]kpi.Figure, len(totals))
	for key, t := range totals {
		out[key] = kpi.Derive(cat, t)
	}
	return out
}

// Years returns the years that have values, newest first. Every agency is
// below some root, so the roots' rollups know every year: a few thousand
// index rows instead of a scan of every scope's rollups.
func (db *DB) Years(ctx context.Context) ([]int, error) {
	return cached(db, cacheKey{op: "years"}, func() ([]int, error) {
		var years []int
		err := db.r.SelectContext(ctx, &years, `SELECT DISTINCT r.year FROM agencies a JOIN rollups r ON r.scope_id = a.id
			WHERE a.parent_id IS NULL AND r.n > 0 ORDER BY r.year DESC`)
		return years, err
	}, cloneInts)
}

// Quarters returns the quarters of year that have values, in order.
func (db *DB) Quarters(ctx context.Context, year int) ([]int, error) {
	return cached(db, cacheKey{op: "quarters", s: Scope{Year: year}}, func() ([]int, error) {
		var qs []int
		err := db.r.SelectContext(ctx, &qs, db.r.Rebind(`SELECT DISTINCT r.quarter FROM agencies a JOIN rollups r ON r.scope_id = a.id
			WHERE a.parent_id IS NULL AND r.year = ? AND r.quarter > 0 AND r.n > 0 ORDER BY r.quarter`), year)
		return qs, err
	}, cloneInts)
}
