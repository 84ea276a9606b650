package kpi

import (
	"fmt"
	"testing"
	"time"
)

// TestMonths: a month period's code, quarter, neighbours and span by the
// Decree's month cut-off (15th of the month before to the 14th), its
// deadline from that cut-off plus the data set's days, the fold of a
// quarter's months by each rule over periods, and the quarter's state
// derived from its months' states.
func TestMonths(t *testing.T) {
	jul := MonthPeriod(2022, 7)
	if jul.Code() != "M07" || jul.QuarterOf() != (Period{Year: 2022, Quarter: 3}) || jul.Validate() != nil || jul.String() != "2022-M07" {
		t.Errorf("July: %+v %s %v", jul, jul.Code(), jul.Validate())
	}
	if p := MonthPeriod(2022, 1).Prev(); p != MonthPeriod(2021, 12) {
		t.Errorf("before January 2022: %+v", p)
	}
	if (Period{Year: 2022, Quarter: 2, Month: 7}).Validate() == nil || MonthPeriod(2022, 13).Validate() == nil {
		t.Error("a month outside its quarter or the year was valid")
	}
	if p, ok := PeriodOfCode(2022, "M11", true); !ok || p != MonthPeriod(2022, 11) {
		t.Errorf("M11: %+v %v", p, ok)
	}
	if _, ok := PeriodOfCode(2022, "Q1", true); ok {
		t.Error("a quarter read as a month")
	}
	var month PeriodType
	for _, pt := range DefaultPeriodTypes() {
		if pt.Code == PeriodMonth {
			month = pt
		}
	}
	from, to := month.Span(jul)
	day := func(s string) time.Time { d, _ := time.Parse("02/01/2006", s); return d }
	if !from.Equal(day("15/06/2022")) || !to.Equal(day("14/07/2022")) {
		t.Errorf("July's span: %v – %v", from, to)
	}
	cal := Deadlines{Days: 10, CutOff: month}
	if due := cal.Due(jul); !due.Equal(day("24/07/2022")) || !cal.Late(jul, day("25/07/2022")) || cal.Late(jul, day("24/07/2022")) {
		t.Errorf("July due %v", due)
	}
	// On a monthly calendar the month being collected is the last one past
	// its cut-off, and its reminders run until the next month's begin.
	if got := cal.Reporting(day("14/07/2022")); got != MonthPeriod(2022, 6) {
		t.Errorf("on 14/07 the month being reported is %v, want June", got)
	}
	if p, stage, ok := cal.ReminderStage(day("25/07/2022")); !ok || p != jul || stage != 1 {
		t.Errorf("on 25/07: %v stage %d (%v), want July's reminder of the day after", p, stage, ok)
	}
	if p, stage, _ := cal.ReminderStage(day("12/08/2022")); p != jul || stage != 15 {
		t.Errorf("on 12/08: %v stage %d, want July's weekly reminder 15", p, stage)
	}
	// A parts total folds as the sum of its parts' folds, whatever its own
	// months say; a last-value indicator takes its last month.
	folded := testCatalogue(t).FoldSeries(map[string]Quarters{"early": {1: 4, 2: 6, 3: 5}, "ontime": {2: 1}, "late": {},
		"total": {1: 100, 2: 100, 3: 100}, "lan": {1: 1, 3: 0}, "index": {1: 50}})
	if want := map[string]float64{"early": 15, "ontime": 1, "total": 16, "lan": 0, "index": 50}; fmt.Sprint(folded) != fmt.Sprint(want) {
		t.Errorf("months fold to %v, want %v", folded, want)
	}
	for _, c := range []struct {
		months []string
		want   string
	}{
		{[]string{"", "", ""}, StateNotStarted},
		{[]string{StateApproved, "", ""}, StateDraft},
		{[]string{StateApproved, StateApproved, StateApproved}, StateApproved},
		{[]string{StateApproved, StateSubmitted, StateApproved}, StateSubmitted},
		{[]string{StateApproved, StateReturned, StateSubmitted}, StateReturned},
		{[]string{StateDraft, StateReturned, StateApproved}, StateDraft},
	} {
		if got := QuarterState(c.months); got != c.want {
			t.Errorf("months %v: quarter %q, want %q", c.months, got, c.want)
		}
	}
}
