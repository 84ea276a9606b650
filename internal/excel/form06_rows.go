package excel

import (
	"math"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// form06Row is one field's line of a level (columns 4–13).
type form06Row struct {
	name string
	vals []float64
}

// form06Level is a level of the form with its fields' lines.
type form06Level struct {
	name string
	rows []form06Row
}

// unsplitName names the line of what a level's agencies reported as
// totals only (a year before the breakdown, an entry made as a total): so
// the level's lines always add up to its agencies' totals.
const unsplitName = "Chưa phân theo lĩnh vực"

// fieldLevels lays each level out by field: one line per option of the
// columns' breakdown that has a figure in the level (summed over its
// kinds, from the same maintained sums as the totals), then what the
// level's totals hold beyond its fields. own are the agencies' totals of
// columns 4–13, by agency; agencies are per form06Levels.
func fieldLevels(cat *kpi.Catalogue, codes []string, agencies [][]kpi.Agency, own map[string][]float64, sums store.OptionSums) []form06Level {
	options := cat.OptionsOf(codes[0])
	out := make([]form06Level, len(form06Levels))
	for li, l := range form06Levels {
		out[li].name = l.name
		if len(agencies[li]) == 0 {
			continue
		}
		rest := make([]float64, len(codes))
		for _, a := range agencies[li] {
			for c, v := range own[a.Code] {
				if !math.IsNaN(v) {
					rest[c] += v
				}
			}
		}
		for _, o := range options {
			vals, some := make([]float64, len(codes)), false
			for c, code := range codes {
				for _, k := range l.kinds {
					vals[c] += sums[k][code][o.ID]
				}
				rest[c] -= vals[c]
				some = some || vals[c] != 0
			}
			if some {
				out[li].rows = append(out[li].rows, form06Row{name: o.NameVI, vals: vals})
			}
		}
		if len(out[li].rows) == 0 || anyNonZero(rest) {
			out[li].rows = append(out[li].rows, form06Row{name: unsplitName, vals: rest})
		}
	}
	return out
}

func anyNonZero(xs []float64) bool {
	for _, x := range xs {
		if math.Abs(x) > 1e-9 {
			return true
		}
	}
	return false
}
