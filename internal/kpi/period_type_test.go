package kpi_test

import (
	"strings"
	"testing"

	"parkpi/data"
	"parkpi/internal/kpi"
)

// TestPeriodSpans: the seed's period types cut data off as Decree 09/2019
// does — a quarter from the 15th of the month before it to the 14th of its
// last month, the year from 15/12 of the year before to 14/12 — and a
// calendar cut-off (end day 0) gives calendar periods.
func TestPeriodSpans(t *testing.T) {
	cat, err := data.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		p    kpi.Period
		want string
	}{
		{kpi.Period{Year: 2021, Quarter: 4}, "(từ ngày 15/09/2021 đến ngày 14/12/2021)"},
		{kpi.Period{Year: 2022, Quarter: 1}, "(từ ngày 15/12/2021 đến ngày 14/03/2022)"},
		{kpi.Period{Year: 2021}, "(từ ngày 15/12/2020 đến ngày 14/12/2021)"},
	} {
		if got := cat.SpanText(tc.p, "vi"); got != tc.want {
			t.Errorf("%v: %s, want %s", tc.p, got, tc.want)
		}
	}
	m := cat.PeriodType(kpi.PeriodMonth)
	if from, to := m.SpanMonths(2022, 3, 3); from.Format("02/01") != "15/02" || to.Format("02/01") != "14/03" {
		t.Errorf("March 2022 runs %v – %v", from, to)
	}
	h := cat.PeriodType(kpi.PeriodHalf)
	if from, to := h.SpanMonths(2022, 7, 12); from.Format("02/01/2006") != "15/06/2022" || to.Format("02/01/2006") != "14/12/2022" {
		t.Errorf("the second half of 2022 runs %v – %v", from, to)
	}
	calendar := kpi.PeriodType{Code: kpi.PeriodQuarter, StartDay: 1, EndDay: 0}
	if from, to := calendar.Span(kpi.Period{Year: 2024, Quarter: 1}); from.Format("02/01") != "01/01" || to.Format("02/01") != "31/03" {
		t.Errorf("a calendar Q1 runs %v – %v", from, to)
	}
}

// TestPeriodTypeProblems: a type the law does not have, a cut-off past the
// 28th and a start that leaves a gap are refused, each on its column.
func TestPeriodTypeProblems(t *testing.T) {
	cat, err := data.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	def := cat.Definition()
	def.PeriodTypes = append(def.PeriodTypes,
		kpi.PeriodType{Code: "week", NameVI: "Tuần", NameEN: "Week", StartDay: 1},
	)
	def.PeriodTypes[0].EndDay = 30
	def.PeriodTypes[1].StartDay = 1
	_, problems := kpi.Build(def)
	got := map[string]string{}
	for _, p := range problems {
		if p.Table == kpi.TablePeriodTypes {
			got[p.Key+"/"+p.Field] = p.MessageVI
		}
	}
	for _, want := range []string{"week/code", "month/end_day", "quarter/start_day"} {
		if got[want] == "" {
			t.Errorf("no problem on %s: %v", want, got)
		}
	}
	if !strings.Contains(got["quarter/start_day"], "ngày 15") {
		t.Errorf("the start problem does not say the day: %q", got["quarter/start_day"])
	}
}
