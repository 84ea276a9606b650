package store

import (
	"context"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// OptionSums is a scope's figures by breakdown option: kind of the
// reporting agency → indicator → option id (> 0) → sum. The totals
// (option 0) are what Figures reads; the options add up to them where
// every agency's values are broken down.
type OptionSums map[kpi.Kind]map[string]map[int64]float64

func (o OptionSums) add(kind kpi.Kind, code string, option int64, v float64) {
	if o[kind] == nil {
		o[kind] = map[string]map[int64]float64{}
	}
	if o[kind][code] == nil {
		o[kind][code] = map[int64]float64{}
	}
	o[kind][code][option] += v
}

// OptionSums reads the scope's sums by option of the indicators codes, at
// the scope's period and level, from the same maintained rows as its
// totals: the rollups of a scope with children, the agency's own figures
// (its values for a quarter, once its report reaches the level) for a leaf.
func (db *DB) OptionSums(ctx context.Context, s Scope, codes []string) (OptionSums, error) {
	tree, a, err := db.scopeAgency(ctx, s.Agency)
	if err != nil {
		return nil, err
	}
	ids := db.indicatorIDs(codes)
	var q string
	var args []any
	switch {
	case tree.HasChildren(a.Code):
		q, args = `SELECT kind, indicator_id, option_id, SUM(sum) FROM rollups
			WHERE scope_id = ? AND year = ? AND period = ? AND option_id > 0 AND bucket >= ? AND indicator_id IN (?)
			GROUP BY kind, indicator_id, option_id HAVING SUM(n) <> 0`, []any{a.ID, s.Year, s.period(), int(s.level()), ids}
	case s.Quarter == 0:
		q, args = `SELECT ? AS kind, indicator_id, option_id, SUM(value) FROM own_figures
			WHERE agency_id = ? AND year = ? AND period = ? AND option_id > 0 AND bucket >= ? AND indicator_id IN (?)
			GROUP BY indicator_id, option_id HAVING SUM(n) <> 0`, []any{string(a.Kind), a.ID, s.Year, s.period(), int(s.level()), ids}
	default:
		counted, err := db.reportsAtLevel(ctx, db.r, byIDs([]int64{a.ID}), s)
		if err != nil {
			return nil, err
		}
		if s.level() > kpi.LevelAll && !counted[a.ID] {
			return OptionSums{}, nil
		}
		q, args = `SELECT ? AS kind, indicator_id, option_id, value FROM kpi_values
			WHERE agency_id = ? AND year = ? AND period = ? AND option_id > 0 AND indicator_id IN (?)`, []any{string(a.Kind), a.ID, s.Year, s.period(), ids}
	}
	q, args, err = sqlx.In(q, args...)
	if err != nil {
		return nil, err
	}
	rows, err := db.r.QueryContext(ctx, db.r.Rebind(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := OptionSums{}
	for rows.Next() {
		var kind string
		var ind, opt int64
		var v float64
		if err := rows.Scan(&kind, &ind, &opt, &v); err != nil {
			return nil, err
		}
		out.add(kpi.Kind(kind), db.codeOf(ind), opt, v)
	}
	return out, rows.Err()
}
