package excel_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/excel"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

var form06Codes = []string{"dos_received", "dos_online", "dos_direct", "dos_carried",
	"dos_resolved", "dos_early", "dos_ontime", "dos_late", "dos_pending", "dos_pending_ontime", "dos_pending_overdue"}

// TestForm06 reads Biểu 06 back for a quarter and a year, for the province
// and for a district: the head, every agency row against its own figures,
// the grand total against the scope's figures, and the form's identities
// on every row.
func TestForm06(t *testing.T) {
	db := storetest.OpenDemo(t)
	ctx := context.Background()
	for _, req := range []excel.Form06Request{{Scope: "37", Year: 2021, Quarter: 4}, {Scope: "37", Year: 2021}, {Scope: "377", Year: 2021, Quarter: 2}} {
		t.Run(fmt.Sprintf("%s-%d-q%d", req.Scope, req.Year, req.Quarter), func(t *testing.T) {
			f, err := excel.Form06(ctx, db, req, fixedDate)
			if err != nil {
				t.Fatal(err)
			}
			g, data := roundTrip(t, f)
			all := allText(t, g, excel.SheetForm06)
			for _, want := range []string{"TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC",
				"Đơn vị tính: Số hồ sơ TTHC", "Biểu số 06/VPCP/KSTT", "Trực tuyến", "Từ kỳ trước chuyển qua", "Trước hạn", "(13)", "Cấp xã"} {
				if !strings.Contains(all, want) {
					t.Errorf("the form lacks %q", want)
				}
			}
			checkForm06Rows(t, db, g, req)
			checkPrint(t, g, excel.SheetForm06, "$11:$14")
			if panes, err := g.GetPanes(excel.SheetForm06); err != nil || !panes.Freeze || panes.TopLeftCell != "C15" {
				t.Errorf("panes = %+v, %v", panes, err)
			}
			if req.Quarter == 4 {
				convertWithLibreOffice(t, "form06", data)
			}
		})
	}
}

// checkForm06Rows: the lines of each level are its fields (every figure
// of 2021 is broken down, so no line is left "not by field"), each field's
// line of the communes is what the communes' sums by that field are, every
// line keeps the form's identities, and the grand total is the scope's
// figures.
func checkForm06Rows(t *testing.T, db *store.DB, g *excelize.File, req excel.Form06Request) {
	t.Helper()
	ctx := context.Background()
	scope := store.Scope{Agency: req.Scope, Year: req.Year, Quarter: req.Quarter, Level: kpi.LevelApproved}
	total, err := db.Figures(ctx, scope)
	if err != nil {
		t.Fatal(err)
	}
	sums, err := db.OptionSums(ctx, scope, form06Codes[1:])
	if err != nil {
		t.Fatal(err)
	}
	cat, _ := db.Catalogue(ctx)
	options := map[string]int64{}
	for _, o := range cat.OptionsOf("dos_online") {
		options[o.NameVI] = o.ID
	}
	rows, _ := g.GetRows(excel.SheetForm06)
	fields, level := 0, ""
	for i := 14; i < len(rows); i++ {
		r := rows[i]
		if len(r) < 3 {
			continue
		}
		id, isField := options[r[1]]
		if !(isField || strings.HasPrefix(r[1], "Cấp ") || r[1] == "Tổng cộng" || r[1] == "Chưa phân theo lĩnh vực") {
			continue
		}
		vals := readForm06Row(t, g, i+1)
		checkIdentities(t, r[1], vals)
		switch {
		case r[1] == "Tổng cộng":
			compareFigs(t, "total", vals, total)
		case strings.HasPrefix(r[1], "Cấp "):
			level = r[1]
		case r[1] == "Chưa phân theo lĩnh vực":
			t.Errorf("%s has a line not by field in %d", level, req.Year)
		case level == "Cấp xã":
			for c, code := range form06Codes[1:] {
				if want := sums[kpi.KindCommune][code][id]; vals[c+1] != want {
					t.Errorf("%s %s %s = %v, the communes' sum by field is %v", level, r[1], code, vals[c+1], want)
				}
			}
			fields++
		default:
			fields++
		}
	}
	if fields < 5 {
		t.Fatalf("%d lines by field", fields)
	}
}

func readForm06Row(t *testing.T, g *excelize.File, r int) []float64 {
	out := make([]float64, len(form06Codes))
	for i := range form06Codes {
		cellRef, _ := excelize.CoordinatesToCellName(3+i, r)
		out[i], _ = num(t, g, excel.SheetForm06, cellRef)
	}
	return out
}

// checkIdentities: 3 = 4+5+6; 7 = 8+9+10; 11 = 12+13; 3 = 7+11.
func checkIdentities(t *testing.T, what string, v []float64) {
	t.Helper()
	c := func(n int) float64 { return v[n-3] }
	if c(3) != c(4)+c(5)+c(6) || c(7) != c(8)+c(9)+c(10) || c(11) != c(12)+c(13) || c(3) != c(7)+c(11) {
		t.Errorf("%s breaks the identities of the form: %v", what, v)
	}
}

func compareFigs(t *testing.T, what string, v []float64, figs map[string]kpi.Figure) {
	t.Helper()
	for i, code := range form06Codes {
		if w := figs[code]; w.Value != v[i] {
			t.Errorf("%s %s = %v, want %v", what, code, v[i], w.Value)
		}
	}
}

// TestForm06RecalculatedByLibreOffice: the fourth quarter of 2021 as the
// form is — its period line gives the Decree's cut-off dates, and
// LibreOffice, computing every level and grand total formula itself, gives
// the grand total the province's Q4 figures are and the same numbers as
// every row the file holds.
func TestForm06RecalculatedByLibreOffice(t *testing.T) {
	db := storetest.OpenDemo(t)
	ctx := context.Background()
	req := excel.Form06Request{Year: 2021, Quarter: 4}
	f, err := excel.Form06(ctx, db, req, fixedDate)
	if err != nil {
		t.Fatal(err)
	}
	_, data := roundTrip(t, f)
	recs, err := csv.NewReader(bytes.NewReader(libreOffice(t, "form06-q4", data, "csv"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	const period = "Kỳ báo cáo: quý IV năm 2021 (từ ngày 15/09/2021 đến ngày 14/12/2021)"
	var seen bool
	var total []float64
	for _, r := range recs {
		line := strings.Join(r, " ")
		seen = seen || strings.Contains(line, period)
		if len(r) >= 13 && r[1] == "Tổng cộng" {
			total = csvNumbers(t, r[2:13])
			checkIdentities(t, "LibreOffice's grand total", total)
		}
	}
	if !seen {
		t.Errorf("LibreOffice reads no %q", period)
	}
	root, _ := db.RootAgency(ctx)
	figs, err := db.Figures(ctx, store.Scope{Agency: root.Code, Year: 2021, Quarter: 4})
	if err != nil {
		t.Fatal(err)
	}
	if total == nil {
		t.Fatal("LibreOffice reads no grand total row")
	}
	compareFigs(t, "LibreOffice's grand total", total, figs)
	if figs["dos_received"].Value == 0 {
		t.Fatal("the demo has no dossiers in Q4 2021")
	}
}

// csvNumbers reads whole numbers as LibreOffice shows them (thousands
// separated by a dot or a comma by its locale).
func csvNumbers(t *testing.T, cells []string) []float64 {
	t.Helper()
	out := make([]float64, len(cells))
	for i, c := range cells {
		c = strings.NewReplacer(".", "", ",", "", " ", "").Replace(c)
		if c == "" {
			continue
		}
		v, err := strconv.ParseFloat(c, 64)
		if err != nil {
			t.Fatalf("cell %q is not a number", cells[i])
		}
		out[i] = v
	}
	return out
}
