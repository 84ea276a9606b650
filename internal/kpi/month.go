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

// Monthly reports whether the data set is entered by month.
func (d *DataSet) Monthly() bool { return d != nil && d.PeriodType == PeriodMonth }

// FoldMonths folds the values of a quarter's months (keyed by the month's
// place in the quarter, 1–3) into the quarter's value by the indicator's
// rule over periods; ok is false when no month has one.
func FoldMonths(ind Indicator, months Quarters) (float64, bool) {
	return OverQuarters(ind.OverQuarters, months)
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
