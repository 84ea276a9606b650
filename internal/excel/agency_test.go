package excel_test

import (
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

// TestAgencyYearReport checks every number of Yên Hòa's 2021 report and of
// the province's against the store, and the promised formulas, header,
// print setup, panes and charts.
func TestAgencyYearReport(t *testing.T) {
	db := storetest.OpenDemo(t)
	ctx := context.Background()
	for _, code := range []string{"14722", "377", "37"} {
		t.Run(code, func(t *testing.T) {
			f, err := excel.AgencyYear(ctx, db, code, 2021, fixedDate)
			if err != nil {
				t.Fatal(err)
			}
			g, data := roundTrip(t, f)
			checkAgencyNumbers(t, db, g, code)
			checkAgencyLayout(t, g, data, code)
			checkChangeUnits(t, db, g)
			if code == "14722" {
				checkPrintedChanges(t, db, convertWithLibreOffice(t, "agency-"+code, data))
			}
		})
	}
}

func checkAgencyNumbers(t *testing.T, db *store.DB, g *excelize.File, code string) {
	t.Helper()
	ctx := context.Background()
	cols := map[int]store.Scope{4: {Agency: code, Year: 2021, Quarter: 1}, 5: {Agency: code, Year: 2021, Quarter: 2},
		6: {Agency: code, Year: 2021, Quarter: 3}, 7: {Agency: code, Year: 2021, Quarter: 4},
		8: {Agency: code, Year: 2021}, 9: {Agency: code, Year: 2020}}
	want := map[int]map[string]kpi.Figure{}
	for c, s := range cols {
		figs, err := db.Figures(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		want[c] = figs
	}
	checked := 0
	for _, ind := range storetest.Catalogue(t, db).All() {
		r := findRow(t, g, excel.SheetReport, 2, ind.NameVI)
		if r == 0 {
			t.Errorf("no row for %s", ind.Code)
			continue
		}
		for c := 4; c <= 9; c++ {
			cellRef, _ := excelize.CoordinatesToCellName(c, r)
			got, ok := num(t, g, excel.SheetReport, cellRef)
			w := want[c][ind.Code]
			if ok != w.OK || (ok && !near(got, w.Value)) {
				t.Errorf("%s %s (%s) = %v/%v, want %v/%v", code, ind.Code, cellRef, got, ok, w.Value, w.OK)
			}
			checked++
		}
		y, p := want[8][ind.Code], want[9][ind.Code]
		if y.OK && p.OK {
			if got, _ := num(t, g, excel.SheetReport, fmt.Sprintf("J%d", r)); !near(got, y.Value-p.Value) {
				t.Errorf("%s change = %v, want %v", ind.Code, got, y.Value-p.Value)
			}
		}
	}
	if checked < 30*6 {
		t.Fatalf("only %d numbers checked", checked)
	}
}

func checkAgencyLayout(t *testing.T, g *excelize.File, data []byte, code string) {
	t.Helper()
	all := allText(t, g, excel.SheetReport)
	for _, want := range []string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
		"Ninh Bình, ngày 05 tháng 01 năm 2022", "BÁO CÁO KẾT QUẢ CẢI CÁCH HÀNH CHÍNH NĂM 2021",
		"Kỳ báo cáo: năm 2021", "Nơi nhận:", "Số: …/BC-UBND", "Quý IV", "Năm 2020"} {
		if !strings.Contains(all, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if code == "14722" {
		if a1, a2 := str(t, g, excel.SheetReport, "A1"), str(t, g, excel.SheetReport, "A2"); a1 != "ỦY BAN NHÂN DÂN HUYỆN YÊN MÔ" || a2 != "ỦY BAN NHÂN DÂN XÃ YÊN HÒA" {
			t.Errorf("top left = %q / %q", a1, a2)
		}
	}
	// The year of a summed indicator is a formula over its quarters; rates
	// are formulas over their counts.
	r := findRow(t, g, excel.SheetReport, 2, "Hồ sơ tiếp nhận trực tuyến")
	if fm, _ := g.GetCellFormula(excel.SheetReport, fmt.Sprintf("H%d", r)); fm != fmt.Sprintf("SUM(D%d:G%d)", r, r) {
		t.Errorf("year formula = %q", fm)
	}
	r = findRow(t, g, excel.SheetReport, 2, "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn")
	if fm, _ := g.GetCellFormula(excel.SheetReport, fmt.Sprintf("H%d", r)); !strings.Contains(fm, "/") {
		t.Errorf("on-time rate is not a formula: %q", fm)
	}
	checkPrint(t, g, excel.SheetReport, "$11:$12")
	panes, err := g.GetPanes(excel.SheetReport)
	if err != nil || !panes.Freeze || panes.TopLeftCell != "D13" {
		t.Errorf("panes = %+v, %v", panes, err)
	}
	st, _ := g.GetCellStyle(excel.SheetReport, "B20")
	if s, _ := g.GetStyle(st); s == nil || s.Font == nil || s.Font.Family != "Times New Roman" {
		t.Errorf("cell font is not Times New Roman: %+v", s)
	}
	if c := zipEntry(t, data, "xl/charts/chart1.xml"); !strings.Contains(c, "barChart") {
		t.Error("no native column chart in the workbook")
	}
	if c := zipEntry(t, data, "xl/charts/chart2.xml"); !strings.Contains(c, "lineChart") {
		t.Error("no native line chart in the workbook")
	}
}

// checkPrint checks A4, fit to one page wide, and the repeated title rows.
func checkPrint(t *testing.T, g *excelize.File, sheet, titles string) {
	t.Helper()
	pl, err := g.GetPageLayout(sheet)
	if err != nil || pl.Size == nil || *pl.Size != 9 || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
		t.Errorf("page layout = %+v, %v; want A4 fit to width", pl, err)
	}
	found := false
	for _, dn := range g.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" && dn.Scope == sheet && strings.HasSuffix(dn.RefersTo, titles) {
			found = true
		}
	}
	if !found {
		t.Errorf("%s: no print titles %s in %+v", sheet, titles, g.GetDefinedName())
	}
}

// checkChangeUnits: the change column of a rate counts percentage points
// and says so in its number format (+0,3 điểm %); a count's has no unit.
// Both are signed, with the decimals of their figure.
func checkChangeUnits(t *testing.T, db *store.DB, g *excelize.File) {
	t.Helper()
	rates := 0
	for _, ind := range storetest.Catalogue(t, db).All() {
		r := findRow(t, g, excel.SheetReport, 2, ind.NameVI)
		if r == 0 {
			continue
		}
		id, err := g.GetCellStyle(excel.SheetReport, fmt.Sprintf("J%d", r))
		if err != nil {
			t.Fatal(err)
		}
		st, err := g.GetStyle(id)
		if err != nil || st.CustomNumFmt == nil {
			t.Errorf("%s: the change cell has no number format: %+v, %v", ind.Code, st, err)
			continue
		}
		code := *st.CustomNumFmt
		if ind.IsPercent() {
			rates++
		}
		if got := strings.Contains(code, "điểm %"); got != ind.IsPercent() || strings.Contains(code, `"%"`) || !strings.HasPrefix(code, "+") {
			t.Errorf("%s (rate %v): the change's number format is %q", ind.Code, ind.IsPercent(), code)
		}
	}
	if rates == 0 {
		t.Fatal("no rate in the report")
	}
}

// checkPrintedChanges: as printed (LibreOffice's PDF), the change of each
// rate with figures in both years reads in điểm % — Yên Hòa's on-time rate
// went from 100% to 99,9%: −0,1 điểm %, not −0,1%.
func checkPrintedChanges(t *testing.T, db *store.DB, pdf string) {
	t.Helper()
	change := regexp.MustCompile(`[+−]?\d+[.,]\d điểm %`)
	printed := 0
	for _, line := range strings.Split(pdfText(t, pdf), "\n") {
		for _, ind := range storetest.Catalogue(t, db).All() {
			if !ind.IsPercent() || !strings.Contains(line, ind.NameVI) || strings.Count(line, "%") < 3 {
				continue
			}
			printed++
			if !change.MatchString(line) {
				t.Errorf("the printed change of %s is not in điểm %%: %q", ind.Code, line)
			}
		}
	}
	if printed < 2 {
		t.Errorf("only %d rates with figures found in the printed report", printed)
	}
}
