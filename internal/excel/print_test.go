package excel_test

import (
	"context"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/excel"
	"parkpi/internal/kpi"
	"parkpi/internal/store/storetest"
)

// minPrintPt is the smallest type a printed report may hold.
const minPrintPt = 8.0

// TestSummaryPrintsLegibly: the province summary of 2021 (every agency of
// the demo's province, 174) asks to be printed landscape on A4 at a scale
// that keeps its smallest type at 8 pt or more — split across pages with
// its head row and naming columns repeated, never shrunk to one page wide
// — and LibreOffice prints it so: every page is A4 landscape, carries the
// column heads and the agencies' names, and no word on it is set smaller
// than 8 pt.
func TestSummaryPrintsLegibly(t *testing.T) {
	db := storetest.OpenDemo(t)
	f, err := excel.Summary(context.Background(), db, "", 2021, fixedDate)
	if err != nil {
		t.Fatal(err)
	}
	g, data := roundTrip(t, f)
	if n := agencyRows(t, g); n < 174 {
		t.Fatalf("the summary lists %d agencies, want the province's 174", n)
	}
	pl, err := g.GetPageLayout(excel.SheetSummary)
	if err != nil || pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil || *pl.Orientation != "landscape" {
		t.Fatalf("page layout = %+v, %v; want A4 landscape", pl, err)
	}
	props, err := g.GetSheetProps(excel.SheetSummary)
	if err != nil || props.FitToPage != nil && *props.FitToPage {
		t.Errorf("the summary is shrunk to fit its page: %+v, %v", props, err)
	}
	if pl.AdjustTo == nil || float64(*pl.AdjustTo)*smallestFont(t, g, excel.SheetSummary)/100 < minPrintPt {
		t.Errorf("print scale %v%% prints the smallest type below %v pt", pl.AdjustTo, minPrintPt)
	}
	checkTitles(t, g, excel.SheetSummary, "$A:$C,", "$10:$10")
	pdf := convertWithLibreOffice(t, "summary-print", onlySheet(t, data, excel.SheetSummary))
	pages := pdfPages(t, pdf)
	if pages < 2 {
		t.Fatalf("the summary printed on %d page(s): it must split, not shrink", pages)
	}
	for p := 1; p <= pages; p++ {
		text := pdfPageText(t, pdf, p)
		if !strings.Contains(text, "Cơ quan, đơn vị") || !strings.Contains(text, "STT") {
			t.Errorf("page %d of %d does not repeat the head row and the names:\n%.600s", p, pages, text)
		}
	}
	if w, h := pdfPageSize(t, pdf); w < h || w < 841 || w > 843 {
		t.Errorf("the summary prints on %v × %v pt, want A4 landscape (842 × 595)", w, h)
	}
	checkTypeSizes(t, pdf, 1000)
}

// TestChartSheetsFitTheirPages: the chart sheet of each report prints each
// chart whole on a page of its own, under the small table it draws from:
// as many pages as charts, page i holding chart i's title and its first
// category (the axis at the chart's bottom); and the rate charts' value
// axes start at 0.
func TestChartSheetsFitTheirPages(t *testing.T) {
	db := storetest.OpenDemo(t)
	ctx := context.Background()
	agency, err := excel.AgencyYear(ctx, db, "14722", 2021, fixedDate)
	if err != nil {
		t.Fatal(err)
	}
	summary, err := excel.Summary(ctx, db, "", 2021, fixedDate)
	if err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]*excelize.File{"agency": agency, "summary": summary} {
		t.Run(name, func(t *testing.T) {
			g, data := roundTrip(t, f)
			checkRateAxes(t, data)
			titles := chartTitles(t, data)
			first := str(t, g, excel.SheetCharts, "A2")
			pdf := convertWithLibreOffice(t, name+"-charts", onlySheet(t, data, excel.SheetCharts))
			if n := pdfPages(t, pdf); n != len(titles) || n < 2 {
				t.Fatalf("the chart sheet prints on %d pages, want one per chart (%d)", n, len(titles))
			}
			for i, title := range titles {
				text := strings.Join(strings.Fields(pdfPageText(t, pdf, i+1)), " ")
				if !strings.Contains(text, title) || !strings.Contains(text, first) {
					t.Errorf("page %d lacks the title %q or the category %q of its chart:\n%s", i+1, title, first, text)
				}
			}
		})
	}
}

var chartTitle = regexp.MustCompile(`(?s)<(?:c:)?title>.*?<(?:a:)?t>([^<]*)</(?:a:)?t>`)

// chartTitles are the titles of the workbook's charts, in order.
func chartTitles(t *testing.T, data []byte) []string {
	t.Helper()
	var out []string
	for i := 1; ; i++ {
		c := zipEntry(t, data, "xl/charts/chart"+strconv.Itoa(i)+".xml")
		if c == "" {
			return out
		}
		m := chartTitle.FindStringSubmatch(c)
		if m == nil {
			t.Fatalf("chart %d has no title", i)
		}
		out = append(out, m[1])
	}
}

var valueScaling = regexp.MustCompile(`(?s)valAx>.*?<scaling>(.*?)</scaling>`)

// checkRateAxes: a chart of a rate ("%" in its title) has its value axis
// fixed from 0 to 100.
func checkRateAxes(t *testing.T, data []byte) {
	t.Helper()
	rates := 0
	for i := 1; ; i++ {
		c := zipEntry(t, data, "xl/charts/chart"+strconv.Itoa(i)+".xml")
		if c == "" {
			break
		}
		if !strings.Contains(c, "(%)") {
			continue
		}
		rates++
		m := valueScaling.FindStringSubmatch(c)
		if m == nil || !strings.Contains(m[1], `min val="0"`) || !strings.Contains(m[1], `max val="100"`) {
			t.Errorf("the rate chart %d does not fix its value axis from 0 to 100: %v", i, m)
		}
	}
	if rates == 0 {
		t.Error("no rate chart found")
	}
}

// agencyRows counts the summary's rows that name an agency by its code.
func agencyRows(t *testing.T, g *excelize.File) int {
	t.Helper()
	rows, err := g.GetRows(excel.SheetSummary)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rows[10:] {
		if len(r) > 1 && strings.TrimSpace(r[1]) != "" {
			n++
		}
	}
	return n
}

// smallestFont is the smallest font size of the cells of a sheet.
func smallestFont(t *testing.T, g *excelize.File, sheet string) float64 {
	t.Helper()
	rows, err := g.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	least := 0.0
	for r, row := range rows {
		for c, v := range row {
			if strings.Trim(v, "─ ") == "" { // empty, or a rule drawn under a heading
				continue
			}
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			id, _ := g.GetCellStyle(sheet, ref)
			st, err := g.GetStyle(id)
			if err != nil || st.Font == nil || st.Font.Size == 0 {
				continue
			}
			if least == 0 || st.Font.Size < least {
				least = st.Font.Size
			}
		}
	}
	if least == 0 {
		t.Fatalf("%s: no font sizes", sheet)
	}
	return least
}

// checkTitles: the sheet repeats columns and rows on each printed page.
func checkTitles(t *testing.T, g *excelize.File, sheet, cols, rows string) {
	t.Helper()
	for _, dn := range g.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" && dn.Scope == sheet && strings.Contains(dn.RefersTo, cols) && strings.HasSuffix(dn.RefersTo, rows) {
			return
		}
	}
	t.Errorf("%s: no print titles %s and %s in %+v", sheet, cols, rows, g.GetDefinedName())
}

// onlySheet is the workbook with every sheet but name removed, to print
// that sheet alone.
func onlySheet(t *testing.T, data []byte, name string) []byte {
	t.Helper()
	g, err := excelize.OpenReader(strings.NewReader(string(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range g.GetSheetList() {
		if s != name {
			if err := g.DeleteSheet(s); err != nil {
				t.Fatal(err)
			}
		}
	}
	_, out := roundTrip(t, g)
	return out
}

// pdfPages is a PDF's page count, as pdfinfo reads it.
func pdfPages(t *testing.T, pdf string) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(pdfInfo(t, pdf))
	if m == nil {
		t.Fatal("pdfinfo gives no page count")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// pdfPageSize is the first page's size in points.
func pdfPageSize(t *testing.T, pdf string) (w, h float64) {
	t.Helper()
	m := regexp.MustCompile(`(?m)^Page size:\s+([\d.]+) x ([\d.]+) pts`).FindStringSubmatch(pdfInfo(t, pdf))
	if m == nil {
		t.Fatal("pdfinfo gives no page size")
	}
	w, _ = strconv.ParseFloat(m[1], 64)
	h, _ = strconv.ParseFloat(m[2], 64)
	return w, h
}

func pdfInfo(t *testing.T, pdf string) string {
	t.Helper()
	out, err := exec.Command("pdfinfo", pdf).Output()
	if err != nil {
		t.Fatalf("pdfinfo %s: %v (Debian: poppler-utils)", pdf, err)
	}
	return string(out)
}

// pdfPageText is the text of one page.
func pdfPageText(t *testing.T, pdf string, page int) string {
	t.Helper()
	p := strconv.Itoa(page)
	out, err := exec.Command("pdftotext", "-layout", "-f", p, "-l", p, pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext page %d: %v", page, err)
	}
	return string(out)
}

var wordBox = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)

// boxPerPt is how tall a word's box (pdftotext -bbox: its font's ascent
// and descent) is per point of its size, at the least, in the reports'
// Times New Roman as LibreOffice prints it (about 1,3; 11 pt at 80% makes
// an 11,4 pt box).
const boxPerPt = 1.2

// checkTypeSizes: no word of the PDF is set smaller than minPrintPt. The
// summary shrunk to one page wide fails it (its words are 4,8 pt boxes).
func checkTypeSizes(t *testing.T, pdf string, atLeast int) {
	t.Helper()
	out, err := exec.Command("pdftotext", "-bbox", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext -bbox: %v", err)
	}
	words, small := 0, 0
	least := 1000.0
	for _, m := range wordBox.FindAllStringSubmatch(string(out), -1) {
		if strings.Trim(m[5], "─") == "" {
			continue
		}
		y1, _ := strconv.ParseFloat(m[2], 64)
		y2, _ := strconv.ParseFloat(m[4], 64)
		words++
		least = min(least, y2-y1)
		if y2-y1 < minPrintPt*boxPerPt {
			small++
		}
	}
	t.Logf("%d words, the smallest box %.1f pt tall", words, least)
	if words < atLeast || small > 0 {
		t.Errorf("%d of %d printed words are smaller than %v pt (the smallest box %.1f pt tall)", small, words, minPrintPt, least)
	}
}

// TestTemplateSpeaksTheClerksLanguage: the quarter template shows and
// prints only what a clerk reads — its whole title, names and units, no
// agency or indicator codes (they stay in hidden columns for the upload)
// and no format tag (kept in the hidden sheet) — landscape on A4, with no
// word printed below 8 pt.
func TestTemplateSpeaksTheClerksLanguage(t *testing.T) {
	db := storetest.OpenDemo(t)
	req := excel.TemplateRequest{Agency: "14722", Period: kpi.Period{Year: 2022, Quarter: 1}}
	g, data := roundTrip(t, mustTemplate(t, db, req))
	for _, c := range []string{"A", "C"} {
		if vis, err := g.GetColVisible(excel.SheetData, c); err != nil || vis {
			t.Errorf("the code column %s is visible (%v)", c, err)
		}
	}
	for _, c := range []string{"B", "D", "E", "F", "G"} {
		if vis, _ := g.GetColVisible(excel.SheetData, c); !vis {
			t.Errorf("column %s is hidden", c)
		}
	}
	if pl, err := g.GetPageLayout(excel.SheetData); err != nil || pl.Orientation == nil || *pl.Orientation != "landscape" {
		t.Errorf("page layout = %+v, %v; want landscape", pl, err)
	}
	pdf := convertWithLibreOffice(t, "template", data)
	text := pdfText(t, pdf)
	if !strings.Contains(text, "MẪU NHẬP SỐ LIỆU CẢI CÁCH HÀNH CHÍNH, QUÝ I NĂM 2022") {
		t.Errorf("the printed title is not whole:\n%.800s", text)
	}
	if strings.Contains(text, "parkpi-template") || strings.Contains(text, excel.TemplateFormat) {
		t.Error("the template shows its format tag to the clerk")
	}
	for _, ind := range storetest.Catalogue(t, db).FieldsOf(kpi.KindCommune, 2022) { // Yên Hòa's form
		if regexp.MustCompile(`\b` + ind.Code + `\b`).MatchString(text) {
			t.Errorf("the template prints the code %s", ind.Code)
		}
		if !strings.Contains(strings.Join(strings.Fields(text), " "), ind.NameVI) {
			t.Errorf("the template does not print %q", ind.NameVI)
		}
	}
	checkTypeSizes(t, pdf, 100)
}
