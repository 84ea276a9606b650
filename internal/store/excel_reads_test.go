package store_test

import (
	"context"
	"math"
	"slices"
	"testing"

	"parkpi/internal/kpi"
	"parkpi/internal/store"
	"parkpi/internal/storetest"
)

// TestOwnRows reads the demo's agencies' own figures as a report's rows —
// in an order of the caller's (the tree reversed), at every level, for a
// year partly submitted and for one of its quarters — and compares every
// cell with OwnFigures: the same figure where the agency has one, NaN where
// it has none, and a row of NaN for an agency with nothing.
func TestOwnRows(t *testing.T) {
	db := storetest.OpenDemo(t)
	ctx := context.Background()
	tree, err := db.Tree(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	var codes []string
	for _, a := range tree.All() {
		ids, codes = append(ids, a.ID), append(codes, a.Code)
	}
	slices.Reverse(ids)
	slices.Reverse(codes)
	cols := []string{"tthc_simplified", "dos_resolved", "dos_ontime", "svc_total", "vc_endpoints", "div_cut"}
	for _, s := range []store.Scope{{Year: 2022}, {Year: 2022, Quarter: 2}, {Year: 2021}} {
		for _, level := range kpi.Levels {
			s.Level, s.Agency = level, "37"
			own, err := db.OwnFigures(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			rows, err := db.OwnRows(ctx, s, ids, cols)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != len(ids) {
				t.Fatalf("%+v: %d rows for %d agencies", s, len(rows), len(ids))
			}
			counted := 0
			for i, code := range codes {
				for j, col := range cols {
					want, got := own[code][col], rows[i][j]
					switch {
					case want.OK && got != want.Value, !want.OK && !math.IsNaN(got):
						t.Errorf("%+v: %s %s = %v, want %+v", s, code, col, got, want)
					case want.OK:
						counted++
					}
				}
			}
			if counted == 0 && s.Level != kpi.LevelApproved {
				t.Errorf("%+v: no figure compared", s)
			}
		}
	}
	none, err := db.OwnRows(ctx, store.Scope{Year: 2030}, ids[:3], cols)
	if err != nil || len(none) != 3 || !math.IsNaN(none[2][0]) {
		t.Errorf("a year without figures: %v, %v", none, err)
	}
}
