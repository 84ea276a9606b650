package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// More reads behind the write-invalidated cache (cache.go): the ones every
// dashboard request makes (the tree, the root, the targets, the report
// counts) and the lean reads of the overview's ranking, which at national
// scale must not load every indicator of 5,000 agencies.

// loadTree reads the tree with plain Scan and the parents' codes resolved
// in Go instead of by a self-join: 5,000 rows nationally, read again only
// when the tree changes.
func (db *DB) loadTree(ctx context.Context) (*kpi.Tree, error) {
	rows, err := db.r.QueryContext(ctx, "SELECT id, code, parent_id, kind, name FROM agencies ORDER BY sort_order, id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []kpi.Agency
	var parents []sql.NullInt64
	codes := map[int64]string{}
	for rows.Next() {
		var a kpi.Agency
		var parent sql.NullInt64
		var kind string
		if err := rows.Scan(&a.ID, &a.Code, &parent, &kind, &a.Name); err != nil {
			return nil, err
		}
		a.Kind = kpi.Kind(kind)
		codes[a.ID] = a.Code
		list, parents = append(list, a), append(parents, parent)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, p := range parents {
		if p.Valid {
			list[i].ParentCode = codes[p.Int64]
		}
	}
	return kpi.NewTree(list)
}

// CachedRootAgency is RootAgency behind the cache.
func (db *DB) CachedRootAgency(ctx context.Context) (kpi.Agency, error) {
	return cached(db, cacheKey{op: "root"}, func() (kpi.Agency, error) { return db.RootAgency(ctx) }, shared[kpi.Agency])
}

// CachedTargets is Targets behind the cache (each caller gets its own map).
func (db *DB) CachedTargets(ctx context.Context, agency string, year int) (map[string]float64, error) {
	return cached(db, cacheKey{"targets", Scope{Agency: agency, Year: year}}, func() (map[string]float64, error) {
		return db.Targets(ctx, agency, year)
	}, cloneFloats)
}

// CompletenessCounts counts the agencies of the scope's subtree (itself
// included) by kind and by the state of their report for the scope's
// quarter ("" = not started): StateCounts of Completeness, from one GROUP BY
// instead of a row per agency.
func (db *DB) CompletenessCounts(ctx context.Context, s Scope) (map[kpi.Kind]map[string]int, error) {
	if err := (kpi.Period{Year: s.Year, Quarter: s.Quarter}).Validate(); err != nil {
		return nil, err
	}
	return cached(db, cacheKey{"completeness-counts", s}, func() (map[kpi.Kind]map[string]int, error) {
		var rows []struct {
			Kind  kpi.Kind `db:"kind"`
			State string   `db:"state"`
			N     int      `db:"n"`
		}
		err := db.r.SelectContext(ctx, &rows, db.r.Rebind(`SELECT a.kind, COALESCE(sub.state, '') AS state, COUNT(*) AS n
			FROM agencies sc
			JOIN agency_closure c ON c.ancestor_id = sc.id
			JOIN agencies a ON a.id = c.descendant_id
			LEFT JOIN submissions sub ON sub.agency_id = a.id AND sub.year = ? AND sub.quarter = ?
			WHERE sc.code = ?
			GROUP BY a.kind, COALESCE(sub.state, '')`), s.Year, s.Quarter, s.Agency)
		out := map[kpi.Kind]map[string]int{}
		for _, r := range rows {
			if out[r.Kind] == nil {
				out[r.Kind] = map[string]int{}
			}
			out[r.Kind][r.State] += r.N
		}
		return out, err
	}, cloneCounts)
}

// RankFilter selects the agencies a ranking compares: every agency below
// the scope's agency (not itself), of one kind or of every kind ("").
type RankFilter struct {
	Scope
	Indicator string
	Kind      kpi.Kind
}

// OwnFigure is one agency's own figure (not its subtree's) of an indicator.
type OwnFigure struct {
	Code   string
	Kind   kpi.Kind
	Figure kpi.Figure
}

// RankFigures returns the own figure of one indicator for every agency the
// filter selects, in tree order; an agency without the figure is there
// too, with Figure.OK false. It reads only the entered indicators the
// figure is derived from (a rate's numerator and denominator), so a ranking
// of 5,000 agencies reads ~15,000 adjacent index rows, not every indicator.
// The slice is shared with the cache: read it, never change it.
func (db *DB) RankFigures(ctx context.Context, f RankFilter) ([]OwnFigure, error) {
	ind, ok := db.cat.Get(f.Indicator)
	if !ok {
		return nil, kpi.Errorf(kpi.EINVALID, "Không có chỉ tiêu mã %q.", "There is no indicator %q.", f.Indicator)
	}
	k := cacheKey{"rank:" + f.Indicator + ":" + string(f.Kind), f.Scope}
	return cached(db, k, func() ([]OwnFigure, error) { return db.rankFigures(ctx, f, ind) }, shared[[]OwnFigure])
}

func (db *DB) rankFigures(ctx context.Context, f RankFilter, ind kpi.Indicator) ([]OwnFigure, error) {
	tree, err := db.Tree(ctx)
	if err != nil {
		return nil, err
	}
	if tree.Get(f.Agency) == nil {
		return nil, kpi.NoAgency(f.Agency)
	}
	var out []OwnFigure
	slot := map[int64]int{} // agency id -> index in out
	for _, code := range tree.Descendants(f.Agency) {
		if a := tree.Get(code); a != nil && a.Code != f.Agency && (f.Kind == "" || a.Kind == f.Kind) {
			slot[a.ID] = len(out)
			out = append(out, OwnFigure{Code: a.Code, Kind: a.Kind})
		}
	}
	sub, codes := subCatalogue(db.cat, ind)
	totals := make(map[string]kpi.Total, len(codes))
	err = db.rankRows(ctx, f, codes, func(id int64, vals []sql.NullFloat64) {
		i, ok := slot[id]
		if !ok {
			return
		}
		clear(totals)
		for j, v := range vals {
			if v.Valid {
				totals[codes[j]] = kpi.Total{Sum: v.Float64, N: 1}
			}
		}
		out[i].Figure = kpi.Derive(sub, totals)[ind.Code]
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// rankRows streams, for every agency of the scope's subtree with any of
// the codes in the period, its value of each code (nil: none), read through
// the (period, indicator)-first indexes of migration 00005 (one contiguous
// range per code) and pivoted in SQL: one row per agency, not per value.
func (db *DB) rankRows(ctx context.Context, f RankFilter, codes []string, row func(id int64, vals []sql.NullFloat64)) error {
	table, period, args := "agency_years", "y.year = ?", []any{f.Agency, f.Year}
	if f.Quarter != 0 {
		table, period, args = "kpi_values", "y.year = ? AND y.quarter = ?", []any{f.Agency, f.Year, f.Quarter}
	}
	cols := make([]string, len(codes))
	colArgs := make([]any, len(codes))
	for i, c := range codes {
		cols[i], colArgs[i] = "SUM(CASE WHEN y.indicator = ? THEN y.value END)", c
	}
	q, args, err := sqlx.In(`SELECT y.agency_id, `+strings.Join(cols, ", ")+` FROM `+table+` y
		JOIN agency_closure c ON c.descendant_id = y.agency_id AND c.ancestor_id = (SELECT id FROM agencies WHERE code = ?)
		WHERE `+period+` AND y.indicator IN (?) GROUP BY y.agency_id`, append(append(colArgs, args...), codes)...)
	if err != nil {
		return err
	}
	rows, err := db.r.QueryContext(ctx, db.r.Rebind(q), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	var id int64
	vals := make([]sql.NullFloat64, len(codes))
	dest := []any{&id}
	for i := range vals {
		dest = append(dest, &vals[i])
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		row(id, vals)
	}
	return rows.Err()
}

// subCatalogue is the indicator with every indicator its figure is derived
// from (parts, numerators, denominators, transitively): deriving over it
// gives the same figure as over the whole catalogue, at a fraction of the
// cost per agency. codes are their codes, the rows to read.
func subCatalogue(cat *kpi.Catalogue, ind kpi.Indicator) (*kpi.Catalogue, []string) {
	var list []kpi.Indicator
	seen := map[string]bool{}
	var walk func(code string)
	walk = func(code string) {
		i, ok := cat.Get(code)
		if !ok || seen[code] {
			return
		}
		seen[code] = true
		list = append(list, i)
		for _, refs := range [][]string{i.Parts, i.Numerator, i.Denominator} {
			for _, r := range refs {
				walk(r)
			}
		}
	}
	walk(ind.Code)
	codes := make([]string, len(list))
	for i, x := range list {
		codes[i] = x.Code
	}
	sub, err := kpi.NewCatalogue(list)
	if err != nil { // cannot happen for a checked catalogue; stay correct anyway
		return cat, codes
	}
	return sub, codes
}

// OwnFiguresOf returns the own figures (every indicator) of the named
// agencies for the scope's period (the scope's agency is not used): the
// cells of the few ranking rows a page shows. Each caller gets its own maps.
func (db *DB) OwnFiguresOf(ctx context.Context, s Scope, codes []string) (map[string]map[string]kpi.Figure, error) {
	if len(codes) == 0 {
		return map[string]map[string]kpi.Figure{}, nil
	}
	k := cacheKey{"ownof:" + strings.Join(codes, "\x00"), Scope{Year: s.Year, Quarter: s.Quarter}}
	return cached(db, k, func() (map[string]map[string]kpi.Figure, error) {
		tree, err := db.Tree(ctx)
		if err != nil {
			return nil, err
		}
		// By id, not by a join on the codes: given both the agency and the
		// period, the planner takes the agency-first index (a few hundred
		// rows), never the period-first one (every agency of the year).
		ids, byID := make([]int64, 0, len(codes)), map[int64]string{}
		for _, c := range codes {
			if a := tree.Get(c); a != nil {
				ids, byID[a.ID] = append(ids, a.ID), a.Code
			}
		}
		if len(ids) == 0 {
			return map[string]map[string]kpi.Figure{}, nil
		}
		q, args := `SELECT agency_id, indicator, value FROM agency_years WHERE agency_id IN (?) AND year = ?`, []any{ids, s.Year}
		if s.Quarter != 0 {
			q, args = `SELECT agency_id, indicator, value FROM kpi_values WHERE agency_id IN (?) AND year = ? AND quarter = ?`, []any{ids, s.Year, s.Quarter}
		}
		q, args, err = sqlx.In(q, args...)
		if err != nil {
			return nil, err
		}
		var rows []struct {
			ID        int64   `db:"agency_id"`
			Indicator string  `db:"indicator"`
			Value     float64 `db:"value"`
		}
		if err := db.r.SelectContext(ctx, &rows, db.r.Rebind(q), args...); err != nil {
			return nil, err
		}
		keyed := make([]totalRow, len(rows))
		for i, r := range rows {
			keyed[i] = totalRow{Key: byID[r.ID], Indicator: r.Indicator, Sum: r.Value, N: 1}
		}
		return deriveKeyed(db.cat, keyed), nil
	}, cloneKeyed)
}

// Memo keeps what a caller derives from the data (a view model, an encoded
// response) in the same cache, under key, until the next commit: load runs
// only when the data changed since the value was kept. The value is shared
// with every caller: read it, never change it.
func Memo[T any](db *DB, key string, load func() (T, error)) (T, error) {
	return cached(db, cacheKey{op: "memo:" + key}, load, shared[T])
}

func shared[T any](v T) T { return v }

func cloneFloats(m map[string]float64) map[string]float64 {
	out := make(map[string]float64, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func cloneCounts(m map[kpi.Kind]map[string]int) map[kpi.Kind]map[string]int {
	out := make(map[kpi.Kind]map[string]int, len(m))
	for k, v := range m {
		inner := make(map[string]int, len(v))
		for s, n := range v {
			inner[s] = n
		}
		out[k] = inner
	}
	return out
}
