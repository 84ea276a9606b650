package store

import (
	"context"
	"strings"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// More reads behind the write-invalidated cache (cache.go): the ones every
// dashboard request makes (the tree, the root, the targets, the report
// counts) and the lean reads of the overview's ranking, which at national
// scale must not load every indicator of 5,000 agencies.

// CachedTree is Tree behind the cache. The tree is shared with every caller
// until the next commit: read it, never change it.
func (db *DB) CachedTree(ctx context.Context) (*kpi.Tree, error) {
	return cached(db, cacheKey{op: "tree"}, func() (*kpi.Tree, error) { return db.Tree(ctx) }, shared[*kpi.Tree])
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
// filter selects, in tree-closure order; an agency without the figure is
// there too, with Figure.OK false. It reads only the entered indicators the
// figure is derived from (a rate's numerator and denominator), so a ranking
// of 5,000 agencies reads ~15,000 index rows instead of every indicator.
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
	sub, codes := subCatalogue(db.cat, ind)
	table, period, args := "agency_years", "y.year = ?", []any{f.Year}
	if f.Quarter != 0 {
		table, period, args = "kpi_values", "y.year = ? AND y.quarter = ?", []any{f.Year, f.Quarter}
	}
	q := `SELECT a.code, a.kind, y.indicator, y.value
		FROM agencies s JOIN agency_closure c ON c.ancestor_id = s.id
		JOIN agencies a ON a.id = c.descendant_id
		LEFT JOIN ` + table + ` y ON y.agency_id = a.id AND ` + period + ` AND y.indicator IN (?)
		WHERE s.code = ? AND a.id <> s.id`
	args = append(args, codes, f.Agency)
	if f.Kind != "" {
		q += " AND a.kind = ?"
		args = append(args, string(f.Kind))
	}
	q, args, err := sqlx.In(q+" ORDER BY c.descendant_id", args...)
	if err != nil {
		return nil, err
	}
	rows, err := db.r.QueryContext(ctx, db.r.Rebind(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OwnFigure
	totals := map[string]kpi.Total{}
	flush := func() {
		if n := len(out); n > 0 {
			out[n-1].Figure = kpi.Derive(sub, totals)[ind.Code]
			clear(totals)
		}
	}
	for rows.Next() {
		var code, kind string
		var indicator *string
		var v *float64
		if err := rows.Scan(&code, &kind, &indicator, &v); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].Code != code {
			flush()
			out = append(out, OwnFigure{Code: code, Kind: kpi.Kind(kind)})
		}
		if indicator != nil && v != nil {
			totals[*indicator] = kpi.Total{Sum: *v, N: 1}
		}
	}
	flush()
	return out, rows.Err()
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
		q, args := `SELECT a.code AS key, y.indicator, y.value AS sum, 1 AS n FROM agencies a
			JOIN agency_years y ON y.agency_id = a.id WHERE a.code IN (?) AND y.year = ?`, []any{codes, s.Year}
		if s.Quarter != 0 {
			q, args = `SELECT a.code AS key, v.indicator, v.value AS sum, 1 AS n FROM agencies a
				JOIN kpi_values v ON v.agency_id = a.id WHERE a.code IN (?) AND v.year = ? AND v.quarter = ?`, []any{codes, s.Year, s.Quarter}
		}
		q, args, err := sqlx.In(q, args...)
		if err != nil {
			return nil, err
		}
		var rows []totalRow
		if err := db.r.SelectContext(ctx, &rows, db.r.Rebind(q), args...); err != nil {
			return nil, err
		}
		return deriveKeyed(db.cat, rows), nil
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
