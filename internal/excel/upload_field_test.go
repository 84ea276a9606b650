package excel_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"parkpi/internal/excel"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// TestUploadRoundTripByField: a commune's quarter template has a line per
// field under each dossier count (code@option, named by the field), like
// the entry form's grid (a district's subtree template keeps to totals).
// Filled by field and uploaded, the plan saves the lines with each total
// the sum of its lines; a line breaking "received = online + in person +
// carried over" is an error on that line's cell and on no other line; a
// total typed against unchanged lines is an error on the total; and a
// second template shows the saved lines again.
func TestUploadRoundTripByField(t *testing.T) {
	db := storetest.OpenDemo(t)
	ctx := context.Background()
	cat := storetest.Catalogue(t, db)
	const commune = "14722"
	q2 := kpi.Period{Year: 2022, Quarter: 2}
	req := excel.TemplateRequest{Agency: commune, Period: q2}
	opts := map[string]int64{}
	for _, o := range cat.OptionsOf("dos_received") {
		opts[o.Code] = o.ID
	}
	hoTich, chungThuc := opts["ho_tich"], opts["chung_thuc"]
	sub, _ := roundTrip(t, mustTemplate(t, db, excel.TemplateRequest{Agency: "377", Period: q2, Subtree: true}))
	if rows, _ := sub.GetRows(excel.SheetData); strings.Contains(fmt.Sprint(rows), "@") {
		t.Error("a subtree's template has lines by field")
	}
	g, _ := roundTrip(t, mustTemplate(t, db, req))
	r := rowOf(t, g, commune, kpi.OptionKey("dos_online", hoTich))
	if name, _ := g.GetCellValue(excel.SheetData, "D"+strconv.Itoa(r)); !strings.Contains(name, "Hộ tịch") {
		t.Fatalf("the line of Hộ tịch under the online dossiers is named %q", name)
	}
	line := func(code string, id int64) string { return kpi.OptionKey(code, id) }
	good := map[string]any{
		line("dos_online", hoTich): 10, line("dos_direct", hoTich): 5, line("dos_carried", hoTich): 0, line("dos_received", hoTich): 15,
		line("dos_resolved", hoTich): 15, line("dos_early", hoTich): 5, line("dos_ontime", hoTich): 10, line("dos_late", hoTich): 0,
		line("dos_pending", hoTich): 0, line("dos_pending_ontime", hoTich): 0, line("dos_pending_overdue", hoTich): 0,
		line("dos_online", chungThuc): 20, line("dos_direct", chungThuc): 30, line("dos_carried", chungThuc): 0, line("dos_received", chungThuc): 50,
		line("dos_resolved", chungThuc): 50, line("dos_early", chungThuc): 0, line("dos_ontime", chungThuc): 50, line("dos_late", chungThuc): 0,
		line("dos_pending", chungThuc): 0, line("dos_pending_ontime", chungThuc): 0, line("dos_pending_overdue", chungThuc): 0,
	}
	plan := planOf(t, db, fill(t, template(t, db, req), commune, with(good, line("dos_received", hoTich), 99)))
	bad := cellOfLine(t, plan, line("dos_received", hoTich))
	if plan.OK() || bad == "" {
		t.Fatalf("a line against its rule: errors %+v", plan.Errors)
	}
	for _, e := range plan.Errors { // the line's own, or the totals' (which its lines make)
		if _, _, isLine := kpi.ParseOptionKey(e.Field); isLine && (e.Cell != bad || !strings.HasPrefix(e.MessageVI, "Hộ tịch: ")) {
			t.Errorf("an error on a line other than the broken one (%s): %+v", bad, e)
		}
	}
	plan = planOf(t, db, fill(t, template(t, db, req), commune, good))
	if !plan.OK() || len(plan.Writes) != 1 {
		t.Fatalf("the lines by field: %d writes, errors %+v", len(plan.Writes), plan.Errors)
	}
	if w := plan.Writes[0]; *w.Values["dos_received"] != 65 || *w.Values["dos_online"] != 30 || *w.Options["dos_direct"][chungThuc] != 30 {
		t.Fatalf("the write: totals %v, lines %v", w.Values, w.Options)
	}
	apply(t, db, plan)
	e, err := db.Entry(ctx, commune, q2)
	if err != nil {
		t.Fatal(err)
	}
	if e.Values["dos_received"] != 65 || e.Options[hoTich]["dos_online"] != 10 || e.Options[chungThuc]["dos_ontime"] != 50 {
		t.Fatalf("stored: totals %v, by field %v", e.Values, e.Options)
	}
	g, _ = roundTrip(t, mustTemplate(t, db, req))
	if v, _ := num(t, g, excel.SheetData, "F"+strconv.Itoa(rowOf(t, g, commune, line("dos_direct", chungThuc)))); v != 30 {
		t.Errorf("the next template's Chứng thực in-person line: %v, want 30", v)
	}
	plan = planOf(t, db, fill(t, template(t, db, req), commune, map[string]any{"dos_received": 70}))
	if plan.OK() || !strings.Contains(plan.Errors[0].MessageVI, "tổng phải bằng tổng các dòng (65)") {
		t.Fatalf("a total against its lines: %+v", plan.Errors)
	}
}

func with(m map[string]any, key string, v any) map[string]any {
	out := map[string]any{key: v}
	for k, x := range m {
		if k != key {
			out[k] = x
		}
	}
	return out
}

// cellOfLine is the cell of the plan's error on a line (code@option).
func cellOfLine(t *testing.T, plan *excel.Plan, key string) string {
	t.Helper()
	for _, e := range plan.Errors {
		if e.Field == key {
			return e.Cell
		}
	}
	return ""
}

func apply(t *testing.T, db *store.DB, plan *excel.Plan) {
	t.Helper()
	ctx := context.Background()
	id, err := db.SaveUpload(ctx, store.PendingUpload{Username: "admin", Period: plan.Period, Payload: "{}"}, 3600e9)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ApplyUpload(ctx, id, plan.Writes); err != nil {
		t.Fatal(err)
	}
}
