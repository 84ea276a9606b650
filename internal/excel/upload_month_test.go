package excel_test

import (
	"context"
	"strings"
	"testing"

	"parkpi/internal/excel"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// TestUploadRoundTripOfAMonth: the template of a month of the monthly
// service centre names the month, and filled in and uploaded it saves
// that month, whose quarter then holds the month's figures.
func TestUploadRoundTripOfAMonth(t *testing.T) {
	db := storetest.OpenDemo(t)
	ctx := context.Background()
	const centre = "37-TTPVHCC"
	jul := kpi.MonthPeriod(2022, 7)
	raw := template(t, db, excel.TemplateRequest{Agency: centre, Period: jul})
	g, _ := roundTrip(t, mustTemplate(t, db, excel.TemplateRequest{Agency: centre, Period: jul}))
	if text := allText(t, g, excel.SheetData); !strings.Contains(text, "THÁNG 7 NĂM 2022") {
		t.Errorf("the month's template does not name July 2022:\n%.300s", text)
	}
	data := fill(t, raw, centre, map[string]any{"sat_responses": 120, "sat_satisfied": 118, "sat_very": 100,
		"has_lan": 1, "staff_total": 45, "staff_pc": 45})
	up, err := excel.ParseUpload(data, storetest.Catalogue(t, db))
	if err != nil {
		t.Fatal(err)
	}
	if up.Period != jul {
		t.Fatalf("the upload's period: %+v, want July 2022", up.Period)
	}
	plan, err := excel.PlanUpload(ctx, db, up, "admin", func(string) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if !plan.OK() || len(plan.Writes) != 1 {
		t.Fatalf("plan: %d writes, errors %+v", len(plan.Writes), plan.Errors)
	}
	id, err := db.SaveUpload(ctx, store.PendingUpload{Username: "admin", Period: up.Period, Payload: "{}"}, 3600e9)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ApplyUpload(ctx, id, plan.Writes); err != nil {
		t.Fatal(err)
	}
	month, _ := db.QuarterValues(ctx, centre, jul)
	quarter, _ := db.QuarterValues(ctx, centre, jul.QuarterOf())
	if month["sat_responses"] != 120 || quarter["sat_responses"] != 120 || quarter["staff_total"] != 45 {
		t.Errorf("July %v, Q3 %v", month, quarter)
	}
}
