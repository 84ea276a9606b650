package store

import (
	"context"
	"strings"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// RebuildRollups recomputes every agency year figure and every rollup from
// the entered values, in one transaction. Writes keep them current by
// deltas; this is for bulk loads and as a repair tool.
func (db *DB) RebuildRollups(ctx context.Context) error {
	return db.inTx(ctx, func(tx *sqlx.Tx) error { return db.rebuildRollups(ctx, tx) })
}

func (db *DB) rebuildRollups(ctx context.Context, tx *sqlx.Tx) error {
	for _, stmt := range []string{"DELETE FROM rollups", "DELETE FROM agency_years"} {
		if _, err := tx.ExecContext(ctx, stmt); err != nil {
			return err
		}
	}
	byMethod := map[string][]string{}
	for _, ind := range db.cat.Entered() {
		byMethod[ind.OverQuarters] = append(byMethod[ind.OverQuarters], ind.Code)
	}
	for method, codes := range byMethod {
		q, ok := agencyYearSQL[method]
		if !ok {
			continue // parts are derived when read
		}
		q = strings.ReplaceAll(q, "{codes}", placeholders(len(codes)))
		args := make([]any, 0, 2*len(codes))
		for range strings.Count(agencyYearSQL[method], "{codes}") {
			for _, c := range codes {
				args = append(args, c)
			}
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(q), args...); err != nil {
			return err
		}
	}
	return rollupFromYears(ctx, tx, byMethod[kpi.AggParts])
}

// agencyYearSQL folds quarters into years per over-quarter rule, in SQL that
// SQLite and PostgreSQL both run.
var agencyYearSQL = map[string]string{
	kpi.AggSum: `INSERT INTO agency_years (agency_id, indicator, year, value)
		SELECT agency_id, indicator, year, SUM(value) FROM kpi_values
		WHERE indicator IN ({codes}) GROUP BY agency_id, indicator, year`,
	kpi.AggAvg: `INSERT INTO agency_years (agency_id, indicator, year, value)
		SELECT agency_id, indicator, year, AVG(value) FROM kpi_values
		WHERE indicator IN ({codes}) GROUP BY agency_id, indicator, year`,
	kpi.AggLast: `INSERT INTO agency_years (agency_id, indicator, year, value)
		SELECT v.agency_id, v.indicator, v.year, v.value FROM kpi_values v
		JOIN (SELECT agency_id, indicator, year, MAX(quarter) AS q FROM kpi_values
		      WHERE indicator IN ({codes}) GROUP BY agency_id, indicator, year) m
		  ON m.agency_id = v.agency_id AND m.indicator = v.indicator AND m.year = v.year AND m.q = v.quarter`,
	kpi.AggFirst: `INSERT INTO agency_years (agency_id, indicator, year, value)
		SELECT v.agency_id, v.indicator, v.year, v.value FROM kpi_values v
		JOIN (SELECT agency_id, indicator, year, MIN(quarter) AS q FROM kpi_values
		      WHERE indicator IN ({codes}) GROUP BY agency_id, indicator, year) m
		  ON m.agency_id = v.agency_id AND m.indicator = v.indicator AND m.year = v.year AND m.q = v.quarter`,
}

// rollupFromYears fills rollups for every scope: years from agency_years,
// quarters from the entered values, parts indicators left out.
func rollupFromYears(ctx context.Context, tx *sqlx.Tx, parts []string) error {
	notParts := "1 = 1"
	args := make([]any, 0, len(parts))
	if len(parts) > 0 {
		notParts = "v.indicator NOT IN (" + placeholders(len(parts)) + ")"
		for _, p := range parts {
			args = append(args, p)
		}
	}
	for _, src := range []rollupSource{
		{table: "agency_years", quarter: "0", where: "1 = 1"},
		{table: "kpi_values", quarter: "v.quarter", group: ", v.quarter", where: notParts, args: args},
	} {
		for _, q := range src.statements() {
			if _, err := tx.ExecContext(ctx, tx.Rebind(q), src.args...); err != nil {
				return err
			}
		}
	}
	return nil
}

// rollupSource is where one family of rollup rows comes from: the year
// figures (quarter 0) or the quarters' entered values.
type rollupSource struct {
	table   string
	quarter string // the quarter column, or the constant 0
	group   string // the quarter's GROUP BY term: a constant must not be one (it would mean a column number)
	where   string
	args    []any
}

// statements rebuild in two passes instead of one GROUP BY over every
// (ancestor, value) pair, which at national scale sorts three times the
// values: first each agency's own rows become its own scope's rows as they
// are; then the values are summed once by the reporting agency's parent,
// and those few partial sums are added up into every ancestor-or-self of
// the parent. An agency's own scope may already hold a row of the same kind
// (a department under a department), hence the upsert.
func (s rollupSource) statements() []string {
	own := `INSERT INTO rollups (scope_id, kind, indicator, year, quarter, sum, n)
		SELECT v.agency_id, a.kind, v.indicator, v.year, ` + s.quarter + `, v.value, 1
		FROM ` + s.table + ` v JOIN agencies a ON a.id = v.agency_id
		WHERE ` + s.where
	below := `INSERT INTO rollups (scope_id, kind, indicator, year, quarter, sum, n)
		WITH pt AS (
			SELECT a.parent_id AS parent_id, a.kind AS kind, v.indicator AS indicator, v.year AS year,
				` + s.quarter + ` AS quarter, SUM(v.value) AS sum, COUNT(*) AS n
			FROM ` + s.table + ` v JOIN agencies a ON a.id = v.agency_id
			WHERE a.parent_id IS NOT NULL AND ` + s.where + `
			GROUP BY a.parent_id, v.year` + s.group + `, v.indicator, a.kind)
		SELECT c.ancestor_id, pt.kind, pt.indicator, pt.year, pt.quarter, SUM(pt.sum), SUM(pt.n)
		FROM pt JOIN agency_closure c ON c.descendant_id = pt.parent_id
		WHERE 1 = 1
		GROUP BY c.ancestor_id, pt.year, pt.quarter, pt.indicator, pt.kind
		ON CONFLICT (scope_id, year, quarter, indicator, kind) DO UPDATE
		SET sum = rollups.sum + excluded.sum, n = rollups.n + excluded.n`
	return []string{own, below}
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
