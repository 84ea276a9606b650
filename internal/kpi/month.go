package kpi

import (
	"strconv"
	"strings"
)

// A monthly data set enters its values by month. Its quarters are derived
// in the same write from the quarter's months, each indicator folded by its
// rule over periods (OverQuarters' sum, last, first or average, over the
// months inside the quarter), and its quarter's report state from the
// months' states; so every figure of a quarter, a year, a scope, a ranking
// or a report reads the quarter exactly as for a quarterly data set.

// MonthPeriod is month m (1–12) of year.
func MonthPeriod(year, m int) Period { return Period{Year: year, Quarter: (m + 2) / 3, Month: m} }

// QuarterOf is the quarter a month lies in (p itself for a quarter).
func (p Period) QuarterOf() Period { return Period{Year: p.Year, Quarter: p.Quarter} }

// MonthsOf returns the three months of quarter p.
func (p Period) MonthsOf() []Period {
	out := make([]Period, 0, 3)
	for m := p.Quarter*3 - 2; m <= p.Quarter*3; m++ {
		out = append(out, MonthPeriod(p.Year, m))
	}
	return out
}

// MonthOfCode reads a stored month code ("M01".."M12") back into its
// month; ok is false for any other code.
func MonthOfCode(code string) (int, bool) {
	if len(code) != 3 || !strings.HasPrefix(code, "M") {
		return 0, false
	}
	m, err := strconv.Atoi(code[1:])
	if err != nil || m < 1 || m > 12 {
		return 0, false
	}
	return m, true
}

// MonthlyIn reports whether the data set is entered by month in year.
func (d *DataSet) MonthlyIn(year int) bool {
	return d != nil && d.PeriodType == PeriodMonth && year >= d.PeriodFrom
}

// CheckPeriodKind refuses a period that is not how agency a's data set d
// is entered in its year: a quarter of a monthly year (its quarters are
// worked out from the months) or a month of a quarterly one. The entry
// form, the Excel upload's plan, the API import and the store's write all
// ask it, so each refuses with the same words.
func CheckPeriodKind(d *DataSet, a Agency, p Period) error {
	monthly := d.MonthlyIn(p.Year)
	switch {
	case monthly && p.Month == 0:
		return Errorf(EINVALID, "%s báo cáo theo tháng trong năm %d: hãy nhập từng tháng, số liệu quý được tính từ các tháng.",
			"%s reports by month in %d: enter each month; the quarter's figures are worked out from its months.", a.Name, p.Year)
	case !monthly && p.Month > 0:
		return Errorf(EINVALID, "%s báo cáo theo quý trong năm %d, không theo tháng.", "%s reports by quarter in %d, not by month.", a.Name, p.Year)
	}
	return nil
}

// FoldSeries folds each indicator's values over a run of periods (the
// months of a quarter, the quarters of a half, keyed by their place in
// the run) by its rule over periods, as a year is folded from its
// quarters: sum, last, first or average, and a parts indicator (Biểu 06's
// received) as the sum of its parts' folds, so that what is carried into
// the run counts once. An indicator without a value in the run, or
// without a part that has one, is left out.
func (c *Catalogue) FoldSeries(series map[string]Quarters) map[string]float64 {
	out := make(map[string]float64, len(series))
	var parts []Indicator
	for code, q := range series {
		ind, ok := c.Get(code)
		switch {
		case !ok:
		case ind.OverQuarters == AggParts:
			parts = append(parts, ind)
		default:
			if v, ok := OverQuarters(ind.OverQuarters, q); ok {
				out[code] = v
			}
		}
	}
	for _, ind := range parts {
		var sum float64
		some := false
		for _, p := range ind.Parts {
			if v, ok := out[p]; ok {
				sum, some = sum+v, true
			}
		}
		if some {
			out[ind.Code] = sum
		}
	}
	return out
}

// QuarterState is the state of a quarter derived from its months' states
// (each "" when not started): not started while no month is; a draft while
// any month is not started or a draft; returned if any month is returned;
// else the lowest of submitted and approved. So the quarter is official
// only once all of its months are approved.
func QuarterState(months []string) string {
	started, lowest := 0, StateApproved
	for _, s := range months {
		switch s {
		case "":
			lowest = StateDraft
			continue
		case StateReturned:
			if lowest != StateDraft {
				lowest = StateReturned
			}
		case StateDraft:
			lowest = StateDraft
		case StateSubmitted:
			if lowest == StateApproved {
				lowest = StateSubmitted
			}
		}
		started++
	}
	if started == 0 {
		return ""
	}
	return lowest
}

// Seq orders periods of one kind: quarters by Index, months by
// year*12 + month - 1.
func (p Period) Seq() int {
	if p.Month > 0 {
		return p.Year*12 + p.Month - 1
	}
	return p.Index()
}

// ParsePeriod reads a period as the entry form's address and the API
// import write it: a quarter "q2" (or "2"), or a month "m07" (or "m7"), of
// year; case and surrounding spaces do not matter. ok is false for
// anything else, or a year out of range.
func ParsePeriod(year int, s string) (Period, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimPrefix(s, "m"), "q"))
	if err != nil {
		return Period{}, false
	}
	p := Period{Year: year, Quarter: n}
	if strings.HasPrefix(s, "m") {
		if n < 1 || n > 12 {
			return Period{}, false
		}
		p = MonthPeriod(year, n)
	}
	return p, p.Validate() == nil
}

// PeriodOfCode reads a stored period of year back: a quarter, or a month
// when monthly; ok is false for a code of the other kind or the year.
func PeriodOfCode(year int, code string, monthly bool) (Period, bool) {
	if monthly {
		m, ok := MonthOfCode(code)
		return MonthPeriod(year, m), ok
	}
	q, ok := QuarterOfCode(code)
	return Period{Year: year, Quarter: q}, ok && q > 0
}
