package excel_test

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/excel"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// planOf parses and plans an upload by officer.yenhoa, allowed everywhere.
func planOf(t *testing.T, db *store.DB, data []byte) *excel.Plan {
	t.Helper()
	up, err := excel.ParseUpload(data, storetest.Catalogue(t, db))
	if err != nil {
		t.Fatal(err)
	}
	plan, err := excel.PlanUpload(context.Background(), db, up, "officer.yenhoa", func(string) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

// save stores values of Yên Hòa 2022 Q2 as another person would in the form.
func save(t *testing.T, db *store.DB, values map[string]float64) {
	t.Helper()
	w := store.ValueWrite{Agency: "14722", Period: yenHoaQ2.Period, Values: map[string]*float64{}, Version: -1,
		Actor: "someone.else", Source: "form"}
	for k, v := range values {
		w.Values[k] = &v
	}
	if _, err := db.SaveValues(context.Background(), w); err != nil {
		t.Fatal(err)
	}
}

// errorAt returns the plan's error at cell, "" when there is none.
func errorAt(plan *excel.Plan, cell string) string {
	for _, e := range plan.Errors {
		if e.Cell == cell {
			return e.MessageVI
		}
	}
	return ""
}

func valueCell(t *testing.T, data []byte, code string) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return fmt.Sprintf("F%d", rowOf(t, f, "14722", code))
}

// TestStaleTemplateDeletesNothing: a template downloaded before someone
// else saved the quarter plans no deletion of what they saved (an empty
// cell means "no change"), and the rows it would change are refused in
// the preview with the value saved meanwhile shown.
func TestStaleTemplateDeletesNothing(t *testing.T) {
	db := storetest.OpenDemo(t)
	save(t, db, map[string]float64{"dos_carried": 2})
	old := template(t, db, yenHoaQ2) // dos_carried prefilled 2, dos_online empty
	save(t, db, map[string]float64{"dos_online": 3, "dos_carried": 5})
	data := fill(t, old, "14722", map[string]any{"dos_direct": 12})
	plan := planOf(t, db, data)
	for _, ch := range plan.Changes {
		if ch.New == nil {
			t.Errorf("the stale template deletes %s (%s)", ch.Indicator, ch.Cell)
		}
	}
	for _, w := range plan.Writes {
		for code, v := range w.Values {
			if v == nil {
				t.Errorf("the stale template writes a deletion of %s", code)
			}
		}
	}
	if plan.OK() {
		t.Fatalf("a stale template's changes are accepted: %+v", plan.Changes)
	}
	carried := "Số liệu!" + valueCell(t, data, "dos_carried")
	if msg := errorAt(plan, carried); !strings.Contains(msg, "5") || !strings.Contains(msg, "someone.else") {
		t.Errorf("the row saved meanwhile (%s) is not refused with the value saved: %q in %+v", carried, msg, plan.Errors)
	}
	if msg := errorAt(plan, "Số liệu!"+valueCell(t, data, "dos_direct")); msg == "" {
		t.Errorf("the row the stale template changes is not refused: %+v", plan.Errors)
	}
	fresh := planOf(t, db, fill(t, template(t, db, yenHoaQ2), "14722", map[string]any{"dos_direct": 12}))
	if len(fresh.Writes) != 1 || len(fresh.Changes) != 1 || fresh.Changes[0].Indicator != "dos_direct" {
		t.Errorf("a fresh template: changes %+v, errors %+v", fresh.Changes, fresh.Errors)
	}
}

// TestEmptyCellKeepsValueMarkerClears: emptying a prefilled cell changes
// nothing; "x" or "xóa" in it clears the value and shows as a deletion.
func TestEmptyCellKeepsValueMarkerClears(t *testing.T) {
	db := storetest.OpenDemo(t)
	save(t, db, map[string]float64{"dos_online": 3, "dos_direct": 4, "dos_carried": 1})
	tpl := template(t, db, yenHoaQ2)
	emptied := fill(t, tpl, "14722", map[string]any{"dos_online": nil, "dos_direct": nil}) // emptied as Delete does in Excel
	if plan := planOf(t, db, emptied); len(plan.Changes) != 0 || len(plan.Writes) != 0 || !plan.OK() {
		t.Fatalf("emptied cells: changes %+v, errors %+v; want none", plan.Changes, plan.Errors)
	}
	plan := planOf(t, db, fill(t, tpl, "14722", map[string]any{"dos_online": "x", "dos_direct": " Xóa "}))
	deleted := map[string]bool{}
	for _, ch := range plan.Changes {
		if ch.New == nil && ch.Old != nil {
			deleted[ch.Indicator] = true
		}
	}
	if !deleted["dos_online"] || !deleted["dos_direct"] || len(plan.Changes) != 2 {
		t.Errorf("markers: changes %+v, errors %+v; want two deletions", plan.Changes, plan.Errors)
	}
}

// TestUnreadableCellsAreErrors: a value cell whose shared string does not
// exist, or whose XML holds an undefined entity, is an error naming the
// cell — never read as empty, never planned as a deletion.
func TestUnreadableCellsAreErrors(t *testing.T) {
	db := storetest.OpenDemo(t)
	save(t, db, map[string]float64{"dos_online": 3})
	tpl := template(t, db, yenHoaQ2)
	cell := valueCell(t, tpl, "dos_online")
	tests := map[string]string{
		"broken shared-string index": `<c r="` + cell + `" t="s"><v>999999</v></c>`,
		"undefined entity":           `<c r="` + cell + `" t="inlineStr"><is><t>&bogus;</t></is></c>`,
	}
	for name, replacement := range tests {
		t.Run(name, func(t *testing.T) {
			data := rezip(t, tpl, replaceCell(cell, replacement), nil)
			up, err := excel.ParseUpload(data, storetest.Catalogue(t, db))
			if err != nil {
				if msg := kpi.ErrorMessage(err, "vi"); kpi.ErrorCode(err) != kpi.EINVALID || !strings.Contains(msg, cell) {
					t.Fatalf("ParseUpload = %v, want an invalid error naming %s", err, cell)
				}
				return
			}
			plan, err := excel.PlanUpload(context.Background(), db, up, "officer.yenhoa", func(string) error { return nil })
			if err != nil {
				t.Fatal(err)
			}
			if errorAt(plan, "Số liệu!"+cell) == "" || plan.OK() {
				t.Errorf("no error at %s: errors %+v, changes %+v", cell, plan.Errors, plan.Changes)
			}
			for _, ch := range plan.Changes {
				if ch.New == nil {
					t.Errorf("the unreadable cell is planned as a deletion: %+v", ch)
				}
			}
		})
	}
}

// replaceCell swaps the data sheet's XML of one cell.
func replaceCell(cell, with string) func(string, []byte) []byte {
	re := regexp.MustCompile(`<c r="` + cell + `"[^>]*?(/>|>.*?</c>)`)
	return func(name string, b []byte) []byte {
		if name != "xl/worksheets/sheet1.xml" {
			return b
		}
		return re.ReplaceAllLiteral(b, []byte(with))
	}
}
