package excel_test

import (
	"context"
	"strings"
	"testing"

	"parkpi/internal/excel"
	"parkpi/internal/kpi"
	"parkpi/internal/store/storetest"
)

// TestReportsHoldApprovedFigures: the reports sent upward count approved
// reports unless asked, and say which they hold. 2022 Q2 is in progress in
// the demo, so the province summary of 2022 differs between approved-only
// and every report.
func TestReportsHoldApprovedFigures(t *testing.T) {
	db := storetest.OpenDemo(t)
	ctx := context.Background()
	totals := map[kpi.Level]map[string]float64{}
	for _, l := range []kpi.Level{0, kpi.LevelAll} {
		opt := fixedDate
		opt.Level = l
		f, err := excel.Summary(ctx, db, "", 2022, opt)
		if err != nil {
			t.Fatal(err)
		}
		g, _ := roundTrip(t, f)
		text := allText(t, g, excel.SheetSummary)
		want := map[kpi.Level]string{0: "Số liệu: các báo cáo đã được duyệt", kpi.LevelAll: "Số liệu: tất cả báo cáo, kể cả bản nháp"}[l]
		if !strings.Contains(text, want) {
			t.Errorf("level %v: the summary does not say %q", l, want)
		}
		totals[l] = readSummaryRow(t, g, findRow(t, g, excel.SheetSummary, 3, "TỔNG CỘNG"))
	}
	if a, all := totals[0]["dos_resolved"], totals[kpi.LevelAll]["dos_resolved"]; a >= all {
		t.Errorf("2022 dossiers resolved: approved-only %v, every report %v; want fewer approved", a, all)
	}
	for _, build := range []func(excel.Options) error{
		func(o excel.Options) error { _, err := excel.AgencyYear(ctx, db, "37", 2022, o); return err },
		func(o excel.Options) error {
			_, err := excel.Form06(ctx, db, excel.Form06Request{Year: 2022, Quarter: 2}, o)
			return err
		},
	} {
		if err := build(fixedDate); err != nil {
			t.Fatal(err)
		}
	}
}
