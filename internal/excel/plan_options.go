package excel

import (
	"parkpi/internal/kpi"
	"parkpi/internal/store"
)

// uploaded is an agency's quarter as an upload would leave it: its
// totals, its lines by option, the lines the upload changes, the cell of
// each field (a total's code, a line's code@option) and the errors of a
// total typed against its lines.
type uploaded struct {
	values       map[string]float64
	options      map[int64]map[string]float64
	optionWrites map[string]map[int64]*float64
	cellOf       map[string]string
	errs         []kpi.FieldError
}

// key is the cell's field: the indicator's code, or code@option for a
// line of its breakdown.
func (c UploadCell) key() string {
	if c.Option != 0 {
		return kpi.OptionKey(c.Indicator, c.Option)
	}
	return c.Indicator
}

// applyCells puts the upload's cells over what is stored. An indicator
// with lines by option totals their sum, as in the entry form: a total
// typed that is not that sum, while none of its lines changes, is an
// error on the total; changed lines carry the total with them.
func applyCells(cat *kpi.Catalogue, e store.Entry, cells []UploadCell) uploaded {
	u := uploaded{values: make(map[string]float64, len(e.Values)), options: map[int64]map[string]float64{},
		optionWrites: map[string]map[int64]*float64{}, cellOf: map[string]string{}}
	for k, v := range e.Values {
		u.values[k] = v
	}
	for id, vals := range e.Options {
		u.options[id] = map[string]float64{}
		for code, v := range vals {
			u.options[id][code] = v
		}
	}
	typed := map[string]bool{}
	for _, c := range cells {
		u.cellOf[c.key()] = c.Cell
		if c.Option == 0 {
			typed[c.Indicator] = typed[c.Indicator] || differs(e, c)
			if c.Clear {
				delete(u.values, c.Indicator)
			} else {
				u.values[c.Indicator] = *c.Value
			}
			continue
		}
		if !differs(e, c) {
			continue
		}
		if u.options[c.Option] == nil {
			u.options[c.Option] = map[string]float64{}
		}
		if c.Clear {
			delete(u.options[c.Option], c.Indicator)
		} else {
			u.options[c.Option][c.Indicator] = *c.Value
		}
		if u.optionWrites[c.Indicator] == nil {
			u.optionWrites[c.Indicator] = map[int64]*float64{}
		}
		u.optionWrites[c.Indicator][c.Option] = c.Value
	}
	for code, sum := range kpi.OptionTotals(u.options) {
		if typed[code] && u.values[code] != sum && len(u.optionWrites[code]) == 0 {
			ind, _ := cat.Get(code)
			u.errs = append(u.errs, cat.TotalAgainstLines(ind, sum))
			continue
		}
		u.values[code] = sum
	}
	return u
}
