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
	years := `INSERT INTO rollups (scope_id, kind, indicator, year, quarter, sum, n)
		SELECT c.ancestor_id, a.kind, v.indicator, v.year, 0, SUM(v.value), COUNT(*)
		FROM agency_years v JOIN agencies a ON a.id = v.agency_id
		JOIN agency_closure c ON c.descendant_id = v.agency_id
		GROUP BY c.ancestor_id, a.kind, v.indicator, v.year`
	if _, err := tx.ExecContext(ctx, years); err != nil {
		return err
	}
	quarters := `INSERT INTO rollups (scope_id, kind, indicator, year, quarter, sum, n)
		SELECT c.ancestor_id, a.kind, v.indicator, v.year, v.quarter, SUM(v.value), COUNT(*)
		FROM kpi_values v JOIN agencies a ON a.id = v.agency_id
		JOIN agency_closure c ON c.descendant_id = v.agency_id
		WHERE ` + notParts + `
		GROUP BY c.ancestor_id, a.kind, v.indicator, v.year, v.quarter`
	_, err := tx.ExecContext(ctx, tx.Rebind(quarters), args...)
	return err
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
