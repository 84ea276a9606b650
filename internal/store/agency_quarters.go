package store

import (
	"context"

	"parkpi/internal/kpi"
)

// StoredQuarters returns every quarter the agency has values for, oldest
// first: what an administrator tries a new rule against before saving it.
// An agency holds a few hundred values, so one query reads them all.
func (db *DB) StoredQuarters(ctx context.Context, agency string) ([]kpi.StoredQuarter, error) {
	var rows []struct {
		Year      int     `db:"year"`
		Period    string  `db:"period"`
		Indicator int64   `db:"indicator_id"`
		Value     float64 `db:"value"`
	}
	err := db.r.SelectContext(ctx, &rows, db.r.Rebind(`SELECT v.year, v.period, v.indicator_id, v.value FROM kpi_values v
		JOIN agencies a ON a.id = v.agency_id WHERE a.code = ? AND v.option_id = 0 ORDER BY v.year, v.period`), agency)
	if err != nil {
		return nil, err
	}
	var out []kpi.StoredQuarter
	for _, r := range rows {
		q, ok := kpi.QuarterOfCode(r.Period)
		code := db.codeOf(r.Indicator)
		if !ok || q == 0 || code == "" {
			continue
		}
		p := kpi.Period{Year: r.Year, Quarter: q}
		if n := len(out); n == 0 || out[n-1].Period != p {
			out = append(out, kpi.StoredQuarter{Period: p, Values: map[string]float64{}})
		}
		out[len(out)-1].Values[code] = r.Value
	}
	return out, nil
}
