package excel_test

import (
	"context"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"parkpi/internal/excel"
	"parkpi/internal/kpi"
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

// TestSummaryScoresAreTheAgenciesOwn: every agency row of the Decision 766
// sheet holds the index computed over that agency's own figures as the
// store derives them, group by group (empty where the agency lacks a count
// a group needs), for the approved figures of 2021 and every report of
// 2022.
func TestSummaryScoresAreTheAgenciesOwn(t *testing.T) {
	db := storetest.OpenDemo(t)
	ctx := context.Background()
	cat := storetest.Catalogue(t, db)
	x := cat.ScoreIndex()
	for _, tc := range []struct {
		year  int
		level kpi.Level
	}{{2021, kpi.LevelApproved}, {2022, kpi.LevelAll}} {
		f, err := excel.Summary(ctx, db, "", tc.year, excel.Options{Date: fixedDate.Date, Level: tc.level})
		if err != nil {
			t.Fatal(err)
		}
		g, _ := roundTrip(t, f)
		rows, err := g.GetRows(excel.SheetScores, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		own, err := db.OwnFigures(ctx, store.Scope{Agency: "37", Year: tc.year, Level: tc.level})
		if err != nil {
			t.Fatal(err)
		}
		agencies := rows[3 : len(rows)-1]
		if len(agencies) < 170 {
			t.Fatalf("%d: %d agency rows", tc.year, len(agencies))
		}
		for _, row := range agencies {
			sc := x.Score(own[row[1]])
			want := make([]string, 4, 4+len(sc.Groups)+1)
			copy(want, row[:4])
			for _, gs := range sc.Groups {
				v := ""
				if gs.OK {
					v = strconv.FormatFloat(math.Round(gs.Score*100)/100, 'f', -1, 64)
				}
				want = append(want, v)
			}
			want = append(want, strconv.FormatFloat(math.Round(sc.Total*100)/100, 'f', -1, 64))
			if strings.Join(row, "|") != strings.Join(want, "|") {
				t.Fatalf("%d %s: row %q, want %q", tc.year, row[1], row, want)
			}
		}
	}
}
