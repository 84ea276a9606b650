package web

import (
	"context"

	"parkpi/internal/kpi"
)

// maxTieDecimals bounds the decimals added to tell two figures apart.
const maxTieDecimals = 6

// tellApart makes a ranking read right: agencies with the same figure
// share a rank (the store numbers them so), and rows whose figures differ
// never show the same value. A run of rows that would read alike (the
// row before the part included) but whose figures are not all the same is
// shown with as many more decimals as it takes to tell each from the next:
// five agencies at 100% and then 99,97% and 99,96%, never seven at "100%".
func tellApart(lang string, cat *kpi.Catalogue, q rankingQuery, rows []RankRow, before *RankRow) {
	sorted := -1
	for i, col := range rankingColumns(lang, cat, q) {
		if col.Sorted {
			sorted = i
		}
	}
	run := []*RankRow{}
	if before != nil {
		run = append(run, before)
	}
	flush := func() {
		d := q.Indicator.Decimals
		for k := 1; k < len(run); k++ {
			if run[k].Value != run[k-1].Value {
				d = max(d, apartAt(lang, q.Indicator, run[k-1].Value, run[k].Value))
			}
		}
		if d == q.Indicator.Decimals {
			return
		}
		for _, r := range run {
			r.Display = displayValue(lang, precise(q.Indicator, d), r.Value)
			if sorted >= 0 && sorted < len(r.Cells) {
				r.Cells[sorted].Display = r.Display
			}
		}
	}
	for i := range rows {
		cur := &rows[i]
		if len(run) > 0 && (!cur.OK || !run[0].OK || cur.Display != run[0].Display) {
			flush()
			run = run[:0]
		}
		run = append(run, cur)
	}
	flush()
}

// apartAt is the fewest decimals (beyond the indicator's) at which a and b
// read differently.
func apartAt(lang string, ind kpi.Indicator, a, b float64) int {
	d := ind.Decimals
	for d < maxTieDecimals && displayValue(lang, precise(ind, d), a) == displayValue(lang, precise(ind, d), b) {
		d++
	}
	return d
}

// precise is ind shown with d decimals.
func precise(ind kpi.Indicator, d int) kpi.Indicator {
	ind.Decimals = d
	return ind
}

// rowBefore is the ranked row just above a part starting at offset: the
// one row the part needs to be told apart from what precedes it.
func (s *Server) rowBefore(ctx context.Context, lang string, q rankingQuery, offset int, part []RankRow) (*RankRow, error) {
	if offset == 0 || len(part) == 0 {
		return nil, nil
	}
	page, err := s.rankPage(ctx, q, offset-1, 1)
	if err != nil || len(page.Entries) == 0 || !page.Entries[0].Figure.OK {
		return nil, err
	}
	e := page.Entries[0]
	return &RankRow{Rank: e.Rank, Code: e.Code, Value: e.Figure.Value, OK: true, Display: display(lang, q.Indicator, e.Figure)}, nil
}
