package store

import (
	"context"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// Scope selects figures: an agency's subtree, a year, a quarter (0 for
// the whole year) and the level of the reports they count (0: every
// report, kpi.LevelAll). It is the one query key behind pages, API and Excel.
type Scope struct {
	Agency  string
	Year    int
	Quarter int
	Level   kpi.Level
}

func (s Scope) period() string   { return kpi.QuarterCode(s.Quarter) }
func (s Scope) level() kpi.Level { return s.Level.OrAll() }

// kindTotals are a scope's totals by the kind of the reporting agency.
type kindTotals map[kpi.Kind]map[string]kpi.Total

func (k kindTotals) add(kind kpi.Kind, code string, t kpi.Total) {
	if k[kind] == nil {
		k[kind] = map[string]kpi.Total{}
	}
	k[kind][code] = k[kind][code].Merge(t)
}

// merged adds the kinds up.
func (k kindTotals) merged() map[string]kpi.Total {
	out := map[string]kpi.Total{}
	for _, totals := range k {
		for code, t := range totals {
			out[code] = out[code].Merge(t)
		}
	}
	return out
}

// Totals returns the subtree totals of every indicator for the scope.
func (db *DB) Totals(ctx context.Context, s Scope) (map[string]kpi.Total, error) {
	byKind, err := db.totalsByKind(ctx, s)
	if err != nil {
		return nil, err
	}
	return byKind.merged(), nil
}

// Figures returns the scope's figure for every indicator of the catalogue.
func (db *DB) Figures(ctx context.Context, s Scope) (map[string]kpi.Figure, error) {
	totals, err := db.Totals(ctx, s)
	if err != nil {
		return nil, err
	}
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	return kpi.Derive(cat, totals), nil
}

// Breakdown is a scope's figures in total and split by the kind of the
// reporting agencies (departments, districts, communes, ...).
type Breakdown struct {
	Total  map[string]kpi.Figure
	ByKind map[kpi.Kind]map[string]kpi.Figure
}

// FiguresByKind returns the scope's figures in total and by kind, from one
// read of the sums.
func (db *DB) FiguresByKind(ctx context.Context, s Scope) (Breakdown, error) {
	byKind, err := db.totalsByKind(ctx, s)
	if err != nil {
		return Breakdown{}, err
	}
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return Breakdown{}, err
	}
	out := Breakdown{ByKind: make(map[kpi.Kind]map[string]kpi.Figure, len(byKind)), Total: kpi.Derive(cat, byKind.merged())}
	for kind, totals := range byKind {
		out.ByKind[kind] = kpi.Derive(cat, totals)
	}
	return out, nil
}

// scopeAgency finds the scope's agency in the cached tree.
func (db *DB) scopeAgency(ctx context.Context, code string) (*kpi.Tree, *kpi.Agency, error) {
	tree, err := db.Tree(ctx)
	if err != nil {
		return nil, nil, err
	}
	a := tree.Get(code)
	if a == nil {
		return nil, nil, kpi.NoAgency(code)
	}
	return tree, a, nil
}

// totalsByKind reads a scope's sums: the maintained rows of a scope with
// children, the agency's own rows for a leaf.
func (db *DB) totalsByKind(ctx context.Context, s Scope) (kindTotals, error) {
	tree, a, err := db.scopeAgency(ctx, s.Agency)
	if err != nil {
		return nil, err
	}
	if tree.HasChildren(a.Code) {
		sums, err := db.rollupTotals(ctx, []int64{a.ID}, s)
		if err != nil {
			return nil, err
		}
		if sums[a.ID] == nil {
			return kindTotals{}, nil
		}
		return sums[a.ID], nil
	}
	own, err := db.ownTotals(ctx, byIDs([]int64{a.ID}), s)
	if err != nil {
		return nil, err
	}
	out := kindTotals{}
	for code, t := range own[a.ID] {
		out.add(a.Kind, code, t)
	}
	return out, nil
}

// rollupTotals reads the sums of scopes that have children.
func (db *DB) rollupTotals(ctx context.Context, ids []int64, s Scope) (map[int64]kindTotals, error) {
	out := map[int64]kindTotals{}
	if len(ids) == 0 {
		return out, nil
	}
	q, args, err := sqlx.In(`SELECT scope_id, kind, indicator_id, SUM(sum) AS sum, SUM(n) AS n FROM rollups
		WHERE scope_id IN (?) AND year = ? AND period = ? AND option_id = 0 AND bucket >= ?
		GROUP BY scope_id, indicator_id, kind`, ids, s.Year, s.period(), int(s.level()))
	if err != nil {
		return nil, err
	}
	rows, err := db.r.QueryContext(ctx, db.r.Rebind(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var scope, ind int64
		var kind string
		var t kpi.Total
		if err := rows.Scan(&scope, &kind, &ind, &t.Sum, &t.N); err != nil {
			return nil, err
		}
		if t.N == 0 && kpi.Negligible(t.Sum) {
			continue
		}
		if out[scope] == nil {
			out[scope] = kindTotals{}
		}
		out[scope].add(kpi.Kind(kind), db.codeOf(ind), t)
	}
	return out, rows.Err()
}

// ChildFigures returns the subtree figures of each direct child of the
// scope's agency (a district's communes, the province's departments ...).
func (db *DB) ChildFigures(ctx context.Context, s Scope) (map[string]map[string]kpi.Figure, error) {
	tree, _, err := db.scopeAgency(ctx, s.Agency)
	if err != nil {
		return nil, err
	}
	var parents, leaves []int64
	for _, ch := range tree.Children(s.Agency) {
		if tree.HasChildren(ch.Code) {
			parents = append(parents, ch.ID)
		} else {
			leaves = append(leaves, ch.ID)
		}
	}
	sums, err := db.rollupTotals(ctx, parents, s)
	if err != nil {
		return nil, err
	}
	own, err := db.ownTotals(ctx, byIDs(leaves), s)
	if err != nil {
		return nil, err
	}
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[string]map[string]kpi.Figure, len(sums)+len(own))
	for id, byKind := range sums {
		out[tree.ByID(id).Code] = kpi.Derive(cat, byKind.merged())
	}
	for id, totals := range own {
		out[tree.ByID(id).Code] = kpi.Derive(cat, totals)
	}
	return out, nil
}

// PeriodFigures returns the scope's figures (at its level) for each of
// several periods at once: the quarter trends of a dashboard, one read of
// the sums instead of one per period. The scope's own Year and Quarter are
// not used.
func (db *DB) PeriodFigures(ctx context.Context, s Scope, periods []kpi.Period) (map[kpi.Period]map[string]kpi.Figure, error) {
	tree, a, err := db.scopeAgency(ctx, s.Agency)
	if err != nil {
		return nil, err
	}
	out := make(map[kpi.Period]map[string]kpi.Figure, len(periods))
	if !tree.HasChildren(a.Code) || len(periods) == 0 {
		for _, p := range periods { // a leaf: its own rows, period by period
			s.Year, s.Quarter = p.Year, p.Quarter
			if out[p], err = db.Figures(ctx, s); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	years, codes := map[int]bool{}, map[string]bool{}
	var ys []int
	var ps []string
	for _, p := range periods {
		if !years[p.Year] {
			years[p.Year] = true
			ys = append(ys, p.Year)
		}
		if c := p.Code(); !codes[c] {
			codes[c] = true
			ps = append(ps, c)
		}
	}
	q, args, err := db.inQuery(`SELECT year, period, indicator_id, SUM(sum), SUM(n) FROM rollups
		WHERE scope_id = ? AND year IN (?) AND period IN (?) AND option_id = 0 AND bucket >= ?
		GROUP BY year, period, indicator_id`, a.ID, ys, ps, int(s.level()))
	if err != nil {
		return nil, err
	}
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	totals := map[kpi.Period]map[string]kpi.Total{}
	for rows.Next() {
		var year int
		var period string
		var ind int64
		var t kpi.Total
		if err := rows.Scan(&year, &period, &ind, &t.Sum, &t.N); err != nil {
			return nil, err
		}
		quarter, _ := kpi.QuarterOfCode(period)
		p := kpi.Period{Year: year, Quarter: quarter}
		if totals[p] == nil {
			totals[p] = map[string]kpi.Total{}
		}
		if t.N != 0 || !kpi.Negligible(t.Sum) {
			totals[p][db.codeOf(ind)] = t
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range periods {
		out[p] = kpi.Derive(cat, totals[p])
	}
	return out, nil
}
