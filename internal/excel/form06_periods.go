package excel

import (
	"context"
	"math"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// form06Figures reads the form's columns for the request's period: the
// agencies' own figures (by agency, NaN where none) and the sums by field,
// both from the maintained rows of a quarter or the year; a half is its
// two quarters folded column by column by each indicator's rule over
// periods (received and resolved add up, carried over is the first
// quarter's, pending the last's), as the year is folded from its four.
func form06Figures(ctx context.Context, db *store.DB, cat *kpi.Catalogue, s store.Scope, req Form06Request, codes []string) (map[string][]float64, store.OptionSums, error) {
	quarters := []int{req.Quarter}
	if req.Half > 0 {
		quarters = []int{2*req.Half - 1, 2 * req.Half}
	}
	owns := make([]map[string][]float64, len(quarters))
	sums := make([]store.OptionSums, len(quarters))
	for i, q := range quarters {
		s.Quarter = q
		var err error
		if owns[i], err = db.SubtreeValues(ctx, s, codes); err != nil {
			return nil, nil, err
		}
		if sums[i], err = db.OptionSums(ctx, s, codes); err != nil {
			return nil, nil, err
		}
	}
	if len(quarters) == 1 {
		return owns[0], sums[0], nil
	}
	return foldOwn(cat, codes, owns), foldOptionSums(cat, codes, sums), nil
}

// foldOwn folds each agency's quarters (NaN: no value) by cat.FoldSeries.
func foldOwn(cat *kpi.Catalogue, codes []string, quarters []map[string][]float64) map[string][]float64 {
	out := map[string][]float64{}
	for _, m := range quarters {
		for agency := range m {
			if out[agency] != nil {
				continue
			}
			series := map[string]kpi.Quarters{}
			for c, code := range codes {
				series[code] = kpi.Quarters{}
				for n, q := range quarters {
					if row := q[agency]; row != nil && !math.IsNaN(row[c]) {
						series[code][n+1] = row[c]
					}
				}
			}
			folded := cat.FoldSeries(series)
			row := make([]float64, len(codes))
			for c, code := range codes {
				row[c] = math.NaN()
				if v, ok := folded[code]; ok {
					row[c] = v
				}
			}
			out[agency] = row
		}
	}
	return out
}

// foldOptionSums folds the quarters' sums by field the same way, a kind's
// sum standing in for its agencies' values (carried over: the first
// quarter's sum).
func foldOptionSums(cat *kpi.Catalogue, codes []string, quarters []store.OptionSums) store.OptionSums {
	out := store.OptionSums{}
	for _, kind := range kpi.Kinds {
		for _, o := range cat.OptionsOf(codes[0]) {
			series := map[string]kpi.Quarters{}
			for _, code := range codes {
				series[code] = kpi.Quarters{}
				for n, q := range quarters {
					if v, ok := q[kind][code][o.ID]; ok {
						series[code][n+1] = v
					}
				}
			}
			for code, v := range cat.FoldSeries(series) {
				if out[kind] == nil {
					out[kind] = map[string]map[int64]float64{}
				}
				if out[kind][code] == nil {
					out[kind][code] = map[int64]float64{}
				}
				out[kind][code][o.ID] = v
			}
		}
	}
	return out
}
