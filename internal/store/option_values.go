package store

import (
	"context"
	"sort"

	"github.com/jmoiron/sqlx"

	"parkpi/internal/kpi"
)

// checkOptions refuses values by option of an indicator that is not broken
// down, or of an option its breakdown does not have.
func (db *DB) checkOptions(ctx context.Context, options map[string]map[int64]*float64) error {
	if len(options) == 0 {
		return nil
	}
	cat, err := db.Catalogue(ctx)
	if err != nil {
		return err
	}
	for code, byOption := range options {
		if _, err := db.indicatorID(cat, code); err != nil {
			return err
		}
		known := map[int64]bool{}
		for _, o := range cat.OptionsOf(code) {
			known[o.ID] = true
		}
		for id := range byOption {
			if !known[id] {
				return kpi.Errorf(kpi.EINVALID, "Chỉ tiêu %s không có lựa chọn phân tổ %d.", "Indicator %s has no breakdown option %d.", code, id)
			}
		}
	}
	return nil
}

// optionKeys are the series of a save by option, in code then option order
// (the stable order of the audit rows).
func optionKeys(options map[string]map[int64]*float64) []kpi.SeriesKey {
	var out []kpi.SeriesKey
	for code, byOption := range options {
		for id := range byOption {
			out = append(out, kpi.SeriesKey{Indicator: code, Option: id})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Indicator != out[j].Indicator {
			return out[i].Indicator < out[j].Indicator
		}
		return out[i].Option < out[j].Option
	})
	return out
}

// entryOptions reads an agency's values by option of one quarter: option
// id → indicator code → value.
func (db *DB) entryOptions(ctx context.Context, q queryer, a kpi.Agency, p kpi.Period) (map[int64]map[string]float64, error) {
	var rows []struct {
		Indicator int64   `db:"indicator_id"`
		Option    int64   `db:"option_id"`
		Value     float64 `db:"value"`
	}
	if err := sqlx.SelectContext(ctx, q, &rows, q.Rebind(`SELECT indicator_id, option_id, value FROM kpi_values
		WHERE agency_id = ? AND year = ? AND period = ? AND option_id > 0`), a.ID, p.Year, p.Code()); err != nil {
		return nil, err
	}
	out := map[int64]map[string]float64{}
	for _, r := range rows {
		if out[r.Option] == nil {
			out[r.Option] = map[string]float64{}
		}
		out[r.Option][db.codeOf(r.Indicator)] = r.Value
	}
	return out, nil
}
