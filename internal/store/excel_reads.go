package store

import (
	"context"
	"math"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// ScopeYear is a scope's figures for one year, quarter by quarter (keys
// 1–4) and for the whole year (key 0), derived from one read of the rollups:
// the agency-year report's columns.
type ScopeYear map[int]map[string]kpi.Figure

// ScopeYearFigures returns the scope's figures for every quarter of year and
// for the year itself, from one query over the rollups.
func (db *DB) ScopeYearFigures(ctx context.Context, agency string, year int) (ScopeYear, error) {
	var rows []struct {
		Quarter   int     `db:"quarter"`
		Indicator string  `db:"indicator"`
		Sum       float64 `db:"sum"`
		N         int     `db:"n"`
	}
	err := db.r.SelectContext(ctx, &rows, db.r.Rebind(`SELECT r.quarter, r.indicator, SUM(r.sum) AS sum, SUM(r.n) AS n
		FROM rollups r JOIN agencies a ON a.id = r.scope_id
		WHERE a.code = ? AND r.year = ?
		GROUP BY r.quarter, r.indicator`), agency, year)
	if err != nil {
		return nil, err
	}
	totals := map[int]map[string]kpi.Total{0: {}, 1: {}, 2: {}, 3: {}, 4: {}}
	for _, r := range rows {
		if totals[r.Quarter] == nil {
			continue
		}
		totals[r.Quarter][r.Indicator] = kpi.Total{Sum: r.Sum, N: r.N}
	}
	out := make(ScopeYear, len(totals))
	for q, t := range totals {
		out[q] = kpi.Derive(db.cat, t)
	}
	return out, nil
}

// SubtreeQuarterValues returns the values entered for one quarter by every
// agency of the scope's subtree (itself included), by agency code then
// indicator code, from one query: the prefilled cells of an upload template.
func (db *DB) SubtreeQuarterValues(ctx context.Context, agency string, p kpi.Period) (map[string]map[string]float64, error) {
	var rows []struct {
		Code      string  `db:"code"`
		Indicator string  `db:"indicator"`
		Value     float64 `db:"value"`
	}
	err := db.r.SelectContext(ctx, &rows, db.r.Rebind(`SELECT a.code, v.indicator, v.value
		FROM agencies s JOIN agency_closure c ON c.ancestor_id = s.id
		JOIN agencies a ON a.id = c.descendant_id
		JOIN kpi_values v ON v.agency_id = a.id
		WHERE s.code = ? AND v.year = ? AND v.quarter = ?`), agency, p.Year, p.Quarter)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]float64{}
	for _, r := range rows {
		if out[r.Code] == nil {
			out[r.Code] = map[string]float64{}
		}
		out[r.Code][r.Indicator] = r.Value
	}
	return out, nil
}

// SubtreeStates returns the submission state of one quarter for every
// agency of the scope's subtree that has one, by agency code (with its
// version, which an upload checks like the form does).
func (db *DB) SubtreeStates(ctx context.Context, agency string, p kpi.Period) (map[string]kpi.Submission, error) {
	var rows []struct {
		Code    string `db:"code"`
		State   string `db:"state"`
		Version int    `db:"version"`
	}
	err := db.r.SelectContext(ctx, &rows, db.r.Rebind(`SELECT a.code, sub.state, sub.version
		FROM agencies s JOIN agency_closure c ON c.ancestor_id = s.id
		JOIN agencies a ON a.id = c.descendant_id
		JOIN submissions sub ON sub.agency_id = a.id
		WHERE s.code = ? AND sub.year = ? AND sub.quarter = ?`), agency, p.Year, p.Quarter)
	if err != nil {
		return nil, err
	}
	out := make(map[string]kpi.Submission, len(rows))
	for _, r := range rows {
		out[r.Code] = kpi.Submission{Agency: r.Code, Period: p, State: r.State, Version: r.Version}
	}
	return out, nil
}

// SubtreeValues returns, for every agency of the scope's subtree that has
// any, its own figures of the given entered indicators for one period — a
// quarter's entered values, or with quarter 0 the year figures (folded by
// each indicator's rule) — as a dense row in the order of codes, NaN where
// it has none: the rows of the province summary and of Biểu 06, read in
// one query without deriving the catalogue for each of thousands of
// agencies.
func (db *DB) SubtreeValues(ctx context.Context, agency string, year, quarter int, codes []string) (map[string][]float64, error) {
	pos := make(map[string]int, len(codes))
	for i, c := range codes {
		pos[c] = i
	}
	query, args, err := sqlx.In(`SELECT a.code, y.indicator, y.value
		FROM agencies s JOIN agency_closure c ON c.ancestor_id = s.id
		JOIN agencies a ON a.id = c.descendant_id
		JOIN agency_years y ON y.agency_id = a.id
		WHERE s.code = ? AND y.year = ? AND y.indicator IN (?)`, agency, year, codes)
	if quarter != 0 {
		query, args, err = sqlx.In(`SELECT a.code, v.indicator, v.value
			FROM agencies s JOIN agency_closure c ON c.ancestor_id = s.id
			JOIN agencies a ON a.id = c.descendant_id
			JOIN kpi_values v ON v.agency_id = a.id
			WHERE s.code = ? AND v.year = ? AND v.quarter = ? AND v.indicator IN (?)`, agency, year, quarter, codes)
	}
	if err != nil {
		return nil, err
	}
	rows, err := db.r.QueryContext(ctx, db.r.Rebind(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]float64{}
	var code, ind string
	var v float64
	for rows.Next() {
		if err := rows.Scan(&code, &ind, &v); err != nil {
			return nil, err
		}
		row, ok := out[code]
		if !ok {
			row = make([]float64, len(codes))
			for i := range row {
				row[i] = math.NaN()
			}
			out[code] = row
		}
		row[pos[ind]] = v
	}
	return out, rows.Err()
}
