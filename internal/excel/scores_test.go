package excel_test

import (
	"context"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/excel"
	"parkpi/internal/store"
	"parkpi/internal/store/storetest"
)

// TestSummaryScores: the summary's Decision 766 sheet has a row per agency
// and the scope's row last, whose processing-progress score is the
// decision's ratio worked out here from the province's counts, × 20.
func TestSummaryScores(t *testing.T) {
	db := storetest.OpenDemo(t)
	ctx := context.Background()
	f, err := excel.Summary(ctx, db, "", 2021, fixedDate)
	if err != nil {
		t.Fatal(err)
	}
	g, _ := roundTrip(t, f)
	rows, err := g.GetRows(excel.SheetScores, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	head := rows[2]
	col := -1
	for i, h := range head {
		if strings.HasPrefix(h, "Tiến độ giải quyết (20)") {
			col = i
		}
	}
	if col < 0 || !strings.HasPrefix(head[len(head)-1], "Tổng (100)") {
		t.Fatalf("header = %q", head)
	}
	last := findRow(t, g, excel.SheetScores, 3, "Toàn phạm vi: Tỉnh Ninh Bình")
	if last == 0 || last-4 < 170 {
		t.Fatalf("scope row at %d: too few agency rows", last)
	}
	figs, err := db.Figures(ctx, store.Scope{Agency: "37", Year: 2021, Level: 3})
	if err != nil {
		t.Fatal(err)
	}
	v := func(c string) float64 { return figs[c].Value }
	want := (v("dos_early") + v("dos_ontime") + v("dos_pending_ontime")) / (v("dos_resolved") + v("dos_pending")) * 20
	got, err := strconv.ParseFloat(rows[last-1][col], 64)
	if err != nil || math.Abs(got-want) > 0.006 {
		t.Fatalf("province progress score = %q, want %.2f", rows[last-1][col], want)
	}
}
