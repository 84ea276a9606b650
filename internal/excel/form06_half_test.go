package excel_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"

	"parkpi/internal/excel"
	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// TestForm06OfAHalf: the six-month forms of 2021 — the period line gives
// the Decree's six-month cut-off, every line keeps the form's identities,
// and the grand total is the province's two quarters folded by each
// column's rule (received and resolved added up, carried over the first
// quarter's, pending the second's); LibreOffice, computing the formulas,
// reads the first half's grand total the same. A half with a quarter, or
// a third half, is refused in words.
func TestForm06OfAHalf(t *testing.T) {
	db := storetest.OpenDemo(t)
	ctx := context.Background()
	root, _ := db.RootAgency(ctx)
	cat, _ := db.Catalogue(ctx)
	for half, period := range map[int]string{
		1: "Kỳ báo cáo: 6 tháng đầu năm 2021 (từ ngày 15/12/2020 đến ngày 14/06/2021)",
		2: "Kỳ báo cáo: 6 tháng cuối năm 2021 (từ ngày 15/06/2021 đến ngày 14/12/2021)",
	} {
		f, err := excel.Form06(ctx, db, excel.Form06Request{Year: 2021, Half: half}, fixedDate)
		if err != nil {
			t.Fatal(err)
		}
		g, data := roundTrip(t, f)
		if all := allText(t, g, excel.SheetForm06); !strings.Contains(all, period) {
			t.Errorf("half %d: the form lacks %q", half, period)
		}
		series := map[string]kpi.Quarters{}
		for n, q := range []int{2*half - 1, 2 * half} {
			figs, err := db.Figures(ctx, store.Scope{Agency: root.Code, Year: 2021, Quarter: q, Level: kpi.LevelApproved})
			if err != nil {
				t.Fatal(err)
			}
			for _, code := range form06Codes {
				if series[code] == nil {
					series[code] = kpi.Quarters{}
				}
				series[code][n+1] = figs[code].Value
			}
		}
		folded := cat.FoldSeries(series)
		want := map[string]kpi.Figure{}
		for code, v := range folded {
			want[code] = kpi.Figure{Value: v, OK: true}
		}
		if want["dos_carried"].Value != series["dos_carried"][1] || want["dos_pending"].Value != series["dos_pending"][2] || want["dos_resolved"].Value == 0 {
			t.Fatalf("half %d: the fold of the quarters is %v", half, folded)
		}
		rows, _ := g.GetRows(excel.SheetForm06)
		var total []float64
		for i, r := range rows {
			if len(r) > 1 && (r[1] == "Tổng cộng" || strings.HasPrefix(r[1], "Cấp ")) {
				vals := readForm06Row(t, g, i+1)
				checkIdentities(t, r[1], vals)
				if r[1] == "Tổng cộng" {
					total = vals
				}
			}
		}
		if total == nil {
			t.Fatalf("half %d: no grand total", half)
		}
		compareFigs(t, "the half's grand total", total, want)
		if half != 1 {
			continue
		}
		recs, err := csv.NewReader(bytes.NewReader(libreOffice(t, "form06-h1", data, "csv"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		seen := false
		for _, r := range recs {
			if len(r) >= 13 && r[1] == "Tổng cộng" {
				seen = true
				compareFigs(t, "LibreOffice's grand total of the half", csvNumbers(t, r[2:13]), want)
			}
		}
		if !seen {
			t.Error("LibreOffice reads no grand total of the half")
		}
	}
	for _, req := range []excel.Form06Request{{Year: 2021, Half: 3}, {Year: 2021, Quarter: 2, Half: 1}} {
		if _, err := excel.Form06(ctx, db, req, fixedDate); kpi.ErrorCode(err) != kpi.EINVALID || !strings.Contains(kpi.ErrorMessage(err, "vi"), "6 tháng") {
			t.Errorf("%+v: %v, want a refusal in words", req, err)
		}
	}
}
