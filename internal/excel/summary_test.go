package excel_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/excel"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// summaryCodes are the indicator columns of the summary, from column E.
var summaryCodes = []string{
	"tthc_simplified", "steps_cut", "hours_cut", "svc_total", "svc_level3", "svc_level4", "portal_linked",
	"dos_resolved", "dos_early", "dos_ontime", "ontime_rate", "", "sat_responses", "sat_satisfied", "sat_very",
	"sat_rate", "sat_very_rate", "div_cut", "subdept_cut", "psu_cut", "vc_endpoints",
}

// TestSummary2021 reads the province summary back: its total row carries
// the figures Ninh Bình published for 2021, every row and subtotal equals
// the store's figures, and the promised formulas and settings are there.
func TestSummary2021(t *testing.T) {
	db := storetest.OpenDemo(t)
	ctx := context.Background()
	f, err := excel.Summary(ctx, db, "", 2021, fixedDate)
	if err != nil {
		t.Fatal(err)
	}
	g, data := roundTrip(t, f)
	total := findRow(t, g, excel.SheetSummary, 3, "TỔNG CỘNG")
	if total == 0 {
		t.Fatal("no total row")
	}
	published := map[string]float64{"tthc_simplified": 1344, "steps_cut": 2590, "hours_cut": 3141, "svc_total": 2039,
		"svc_level3": 313, "svc_level4": 1209, "ontime_rate": 99.8, "sat_rate": 100, "sat_very_rate": 96.57,
		"div_cut": 19, "subdept_cut": 4, "psu_cut": 7, "vc_endpoints": 162}
	row := readSummaryRow(t, g, total)
	for code, want := range published {
		ind, _ := storetest.Catalogue(t, db).Get(code)
		if got := row[code]; roundTo(got, ind.Decimals) != want {
			t.Errorf("total %s = %v, want %v", code, got, want)
		}
	}
	figs, err := db.Figures(ctx, store.Scope{Agency: "37", Year: 2021})
	if err != nil {
		t.Fatal(err)
	}
	compareRow(t, "total", row, figs)
	checkSummaryRows(t, db, g)
	checkSummaryFormulas(t, g, total)
	convertWithLibreOffice(t, "summary-2021", data)
	if c := zipEntry(t, data, "xl/charts/chart1.xml"); !strings.Contains(c, "barChart") {
		t.Error("no native chart in the summary")
	}
}

func roundTo(v float64, decimals int) float64 {
	p := math.Pow(10, float64(decimals))
	return math.Round(v*p) / p
}

// readSummaryRow reads a row's indicator columns, formulas computed.
func readSummaryRow(t *testing.T, g *excelize.File, r int) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	for i, code := range summaryCodes {
		if code == "" {
			continue
		}
		cellRef, _ := excelize.CoordinatesToCellName(5+i, r)
		if v, ok := num(t, g, excel.SheetSummary, cellRef); ok {
			out[code] = v
		}
	}
	return out
}

func compareRow(t *testing.T, what string, row map[string]float64, figs map[string]kpi.Figure) {
	t.Helper()
	for _, code := range summaryCodes {
		if code == "" {
			continue
		}
		got, ok := row[code]
		w := figs[code]
		if w.OK && (!ok || !near(got, w.Value)) || !w.OK && ok && got != 0 {
			t.Errorf("%s %s = %v (%v), want %v (%v)", what, code, got, ok, w.Value, w.OK)
		}
	}
}

// checkSummaryRows compares every agency row with the agency's own figures
// and every subtotal with the store's figures by kind.
func checkSummaryRows(t *testing.T, db *store.DB, g *excelize.File) {
	t.Helper()
	ctx := context.Background()
	own, err := db.OwnFigures(ctx, store.Scope{Agency: "37", Year: 2021})
	if err != nil {
		t.Fatal(err)
	}
	byKind, err := db.FiguresByKind(ctx, store.Scope{Agency: "37", Year: 2021})
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := g.GetRows(excel.SheetSummary)
	agencies, subtotals := 0, 0
	for i, r := range rows {
		if len(r) < 4 || i+1 <= 10 {
			continue
		}
		switch {
		case r[1] != "":
			compareRow(t, r[1], readSummaryRow(t, g, i+1), own[r[1]])
			agencies++
		case strings.HasPrefix(r[2], "Cộng: "):
			kind := kindOfLabel(r[3])
			compareRow(t, r[2], readSummaryRow(t, g, i+1), byKind.ByKind[kind])
			subtotals++
		}
	}
	if agencies != 174 || subtotals != 6 {
		t.Errorf("%d agency rows and %d subtotals, want 174 and 6", agencies, subtotals)
	}
}

func kindOfLabel(label string) kpi.Kind {
	labels := map[string]kpi.Kind{"Cấp tỉnh": kpi.KindProvince, "Sở, ban, ngành": kpi.KindDepartment, "UBND cấp huyện": kpi.KindDistrict,
		"UBND cấp xã": kpi.KindCommune, "Cơ quan ngành dọc": kpi.KindVertical, "Trung tâm Phục vụ HCC": kpi.KindServiceCentre}
	return labels[label]
}

func checkSummaryFormulas(t *testing.T, g *excelize.File, total int) {
	t.Helper()
	// E is tthc_simplified, O the on-time rate, L..N its counts.
	if fm, _ := g.GetCellFormula(excel.SheetSummary, fmt.Sprintf("E%d", total)); !strings.Contains(fm, "+") {
		t.Errorf("total is not a sum of the subtotals: %q", fm)
	}
	if fm, _ := g.GetCellFormula(excel.SheetSummary, fmt.Sprintf("O%d", total)); fm != fmt.Sprintf(`IFERROR((M%d+N%d)/L%d*100,"")`, total, total, total) {
		t.Errorf("total on-time rate formula = %q", fm)
	}
	yh := findRow(t, g, excel.SheetSummary, 2, "14722")
	if fm, _ := g.GetCellFormula(excel.SheetSummary, fmt.Sprintf("L%d", yh)); fm != "" || yh == 0 {
		t.Errorf("an agency's count is a formula: %q", fm)
	}
	r := findRow(t, g, excel.SheetSummary, 3, "Cộng: Sở, ban, ngành")
	if fm, _ := g.GetCellFormula(excel.SheetSummary, fmt.Sprintf("E%d", r)); !strings.HasPrefix(fm, "SUBTOTAL(9,E") {
		t.Errorf("subtotal formula = %q", fm)
	}
	if panes, err := g.GetPanes(excel.SheetSummary); err != nil || !panes.Freeze || panes.TopLeftCell != "E11" {
		t.Errorf("panes = %+v, %v", panes, err)
	}
	cf, err := g.GetConditionalFormats(excel.SheetSummary)
	if err != nil || len(cf) == 0 {
		t.Fatalf("no conditional format: %v", err)
	}
	for rng, opts := range cf {
		if !strings.HasPrefix(rng, "O11:O") || len(opts) != 2 || !strings.Contains(opts[0].Criteria, "O11<P11") {
			t.Errorf("conditional format %s = %+v", rng, opts)
		}
	}
	filter := false
	for _, dn := range g.GetDefinedName() {
		filter = filter || dn.Name == "_xlnm._FilterDatabase"
	}
	if !filter {
		t.Error("no autofilter")
	}
}
